package api // want package:`\(\*api.API\).members hands header "X-Org-ID" \(api.go:22\) to service.MemberStore.ListMembers param 1 via \(\*service.Service\).Members -> \(\*service.Service\).list`

// Package api holds the gin handlers; it imports service, not store.

import (
	"log"

	"example.com/pendgin/service"

	"github.com/gin-gonic/gin"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

type API struct{ Svc *service.Service }

func (a *API) Register(r *gin.Engine) {
	r.GET("/members", a.members, a.membersVerified, a.membersLogged, a.invites)
}

// members hands the organisation header to the service unverified.
func (a *API) members(c *gin.Context) {
	ms, _ := a.Svc.Members(c.Request.Context(), c.GetHeader("X-Org-ID"))
	c.JSON(200, ms)
}

// membersVerified checks membership first.
func (a *API) membersVerified(c *gin.Context) {
	org := c.Query("org_id")
	if err := service.VerifyMember(c.Request.Context(), org); err != nil {
		c.AbortWithStatus(403)
		return
	}
	ms, _ := a.Svc.Members(c.Request.Context(), org)
	c.JSON(200, ms)
}

// membersLogged only logs the header; the service is given the signed-in user's tenant.
func (a *API) membersLogged(c *gin.Context) {
	log.Printf("org header: %s", c.GetHeader("X-Org-ID"))
	tc, ok := tenant.FromContext(c.Request.Context())
	if !ok {
		c.AbortWithStatus(401)
		return
	}
	ms, _ := a.Svc.Members(c.Request.Context(), tc.TenantID.String())
	c.JSON(200, ms)
}

// invites passes the claim where no implementation uses it as a tenant.
func (a *API) invites(c *gin.Context) {
	n, _ := a.Svc.Invites(c.Request.Context(), c.GetHeader("X-Org-ID"))
	c.JSON(200, n)
}
