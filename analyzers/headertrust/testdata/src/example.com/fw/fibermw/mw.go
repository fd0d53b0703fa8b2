package fibermw // want package:`fiber string "claimed_ref" holds header "X-Tenant-ID"`

// The middleware stores the claimed tenant in fiber's request store (c.Locals) under one key,
// and the tenant the auth middleware resolved under another.

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// TenantKey is a tenant key: a claim stored under it is reported at the store.
const TenantKey = "tenant_id"

// ClaimKey names no tenant: a claim stored under it is a claim where it is read back.
const ClaimKey = "claimed_ref"

func Tenant() fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Locals(TenantKey, c.Get("X-Tenant-ID")) // want `tenant from header "X-Tenant-ID" reaches the fiber context \(c.Locals key "tenant_id"\) without verification`
		c.Locals(ClaimKey, c.Get("X-Tenant-ID"))
		return c.Next()
	}
}

// Auth stores the verified tenant: no claim.
func Auth() fiber.Handler {
	return func(c *fiber.Ctx) error {
		if tc, ok := tenant.FromContext(c.UserContext()); ok {
			c.Locals("verified_tenant", tc.TenantID.String())
		}
		return c.Next()
	}
}

// RequestID stores a header that names no tenant: no claim.
func RequestID() fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Locals("request_id", c.Get("X-Request-ID"))
		return c.Next()
	}
}
