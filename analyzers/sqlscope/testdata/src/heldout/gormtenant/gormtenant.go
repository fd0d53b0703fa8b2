// Package gormtenant fetches with gorm's primary-key shortcut on models embedding gorm.Model.
//
// Held-out shape (pingcap/tiunimanager micro-db/service/tenant.go): DB.First(&tenant, tenantId)
// on the tenants table is a lookup of global data; the same shortcut on a tenant-owned model
// fetches any tenant's row.
package gormtenant

import "gorm.io/gorm"

var DB *gorm.DB

type Tenant struct {
	gorm.Model

	Name string `gorm:"size:255"`
}

type Cluster struct {
	gorm.Model

	TenantId uint
	Name     string
}

func FetchTenant(tenantId int) (tenant Tenant, err error) {
	err = DB.First(&tenant, tenantId).Error
	return
}

func FetchCluster(clusterId int) (cluster Cluster, err error) {
	err = DB.First(&cluster, clusterId).Error // want `query on clusters does not filter by tenant_id`
	return
}

func FetchClusterInTenant(tenantId uint, clusterId int) (cluster Cluster, err error) {
	err = DB.Where(&Cluster{TenantId: tenantId}).First(&cluster, clusterId).Error
	return
}
