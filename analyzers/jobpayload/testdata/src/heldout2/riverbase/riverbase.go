// Package riverbase's river jobs share a base struct of arguments.
//
// Held-out shape (a river jobs package of dployr.io returned by the code index, repository not
// named): BaseJobArgs{UserID, Data} is embedded in CreateProjectArgs, BuildProjectArgs and
// DeployProjectArgs, each with its Kind method. The twin's base carries the tenant.
package riverbase

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

type BaseJobArgs struct {
	UserID string         `json:"user_id"`
	Data   map[string]any `json:"data,omitempty"`
}

type CreateProjectArgs struct{ BaseJobArgs } // want `job type CreateProjectArgs has no TenantID field` CreateProjectArgs:`job without tenant`

type DeployProjectArgs struct{ BaseJobArgs } // want `job type DeployProjectArgs has no TenantID field` DeployProjectArgs:`job without tenant`

func (CreateProjectArgs) Kind() string { return "create_project" }
func (DeployProjectArgs) Kind() string { return "deploy_project" }

type TenantJobArgs struct {
	TenantID string `json:"tenant_id"`
	UserID   string `json:"user_id"`
}

type BuildProjectArgs struct{ TenantJobArgs } // want BuildProjectArgs:`job`

func (BuildProjectArgs) Kind() string { return "build_project" }

func enqueue(ctx context.Context, client *river.Client[pgx.Tx], tenantID, userID string) error {
	if _, err := client.Insert(ctx, CreateProjectArgs{BaseJobArgs{UserID: userID}}, nil); err != nil {
		return err
	}
	if _, err := client.Insert(ctx, DeployProjectArgs{BaseJobArgs{UserID: userID}}, nil); err != nil {
		return err
	}
	_, err := client.Insert(ctx, BuildProjectArgs{TenantJobArgs{TenantID: tenantID, UserID: userID}}, nil)
	return err
}
