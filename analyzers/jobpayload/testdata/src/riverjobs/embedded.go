package riverjobs

import (
	"context"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/tenantvet/tenantvet/runtime/tenant"
)

// BaseArgs is a base struct of arguments that carries the tenant; the jobs below embed it, one
// level down or two.
type BaseArgs struct {
	TenantID tenant.ID
	UserID   string
}

type PosArgs struct{ BaseArgs } // want PosArgs:"job"

func (PosArgs) Kind() string { return "pos" }

type Level2 struct{ BaseArgs }

type NestedArgs struct { // want NestedArgs:"job"
	Level2
	ProjectID string
}

func (NestedArgs) Kind() string { return "nested" }

type PtrBaseArgs struct{ *BaseArgs } // want PtrBaseArgs:"job"

func (PtrBaseArgs) Kind() string { return "ptr_base" }

func enqueueEmbedded(ctx context.Context, r *http.Request, client *river.Client[pgx.Tx], projectID string) error {
	tc, ok := tenant.FromContext(ctx)
	if !ok {
		return nil
	}
	// Good: the tenant set in the literal of an embedded struct, keyed or positional, at any
	// depth, or assigned through the embedded fields.
	if _, err := client.Insert(ctx, PosArgs{BaseArgs{TenantID: tc.TenantID}}, nil); err != nil {
		return err
	}
	if _, err := client.Insert(ctx, PosArgs{BaseArgs: BaseArgs{TenantID: tc.TenantID}}, nil); err != nil {
		return err
	}
	if _, err := client.Insert(ctx, NestedArgs{Level2: Level2{BaseArgs{TenantID: tc.TenantID}}, ProjectID: projectID}, nil); err != nil {
		return err
	}
	if _, err := client.Insert(ctx, NestedArgs{Level2{BaseArgs{tc.TenantID, "u"}}, projectID}, nil); err != nil {
		return err
	}
	if _, err := client.Insert(ctx, PtrBaseArgs{&BaseArgs{TenantID: tc.TenantID}}, nil); err != nil {
		return err
	}
	nested := NestedArgs{ProjectID: projectID}
	nested.Level2.BaseArgs.TenantID = tc.TenantID
	if _, err := client.Insert(ctx, nested, nil); err != nil {
		return err
	}
	pos := PosArgs{}
	pos.BaseArgs.TenantID = tc.TenantID
	if _, err := client.Insert(ctx, pos, nil); err != nil {
		return err
	}
	promoted := PosArgs{}
	promoted.TenantID = tc.TenantID
	if _, err := client.Insert(ctx, promoted, nil); err != nil {
		return err
	}

	// Bad: the embedded literals leave the tenant unset, zero or a client claim.
	if _, err := client.Insert(ctx, PosArgs{BaseArgs{UserID: "u"}}, nil); err != nil { // want `job PosArgs is enqueued without TenantID`
		return err
	}
	if _, err := client.Insert(ctx, NestedArgs{Level2{BaseArgs{UserID: "u"}}, projectID}, nil); err != nil { // want `job NestedArgs is enqueued without TenantID`
		return err
	}
	if _, err := client.Insert(ctx, PtrBaseArgs{&BaseArgs{UserID: "u"}}, nil); err != nil { // want `job PtrBaseArgs is enqueued without TenantID`
		return err
	}
	if _, err := client.Insert(ctx, NestedArgs{Level2{BaseArgs{TenantID: tenant.ID{}}}, projectID}, nil); err != nil { // want `job NestedArgs is enqueued with a zero TenantID`
		return err
	}
	claimed, _ := tenant.Parse(r.Header.Get("X-Tenant-ID"))
	if _, err := client.Insert(ctx, PosArgs{BaseArgs{claimed, "u"}}, nil); err != nil { // want `job PosArgs is enqueued with TenantID from header "X-Tenant-ID", a client claim`
		return err
	}
	other := NestedArgs{ProjectID: projectID} // want `job NestedArgs is enqueued without TenantID`
	other.Level2.BaseArgs.UserID = "u"
	_, err := client.Insert(ctx, other, nil)
	return err
}

// ShadowArgs has a tenant field of its own that shadows the embedded one: setting the embedded
// struct's field leaves the job's tenant unset.
type ShadowArgs struct { // want ShadowArgs:"job"
	BaseArgs
	TenantID tenant.ID
}

func (ShadowArgs) Kind() string { return "shadow" }

func enqueueShadow(ctx context.Context, client *river.Client[pgx.Tx]) error {
	tc, ok := tenant.FromContext(ctx)
	if !ok {
		return nil
	}
	if _, err := client.Insert(ctx, ShadowArgs{TenantID: tc.TenantID}, nil); err != nil {
		return err
	}
	if _, err := client.Insert(ctx, ShadowArgs{BaseArgs: BaseArgs{TenantID: tc.TenantID}}, nil); err != nil { // want `job ShadowArgs is enqueued without TenantID`
		return err
	}
	if _, err := client.Insert(ctx, ShadowArgs{BaseArgs{TenantID: tc.TenantID}, tenant.ID{}}, nil); err != nil { // want `job ShadowArgs is enqueued with a zero TenantID`
		return err
	}
	shadow := ShadowArgs{} // want `job ShadowArgs is enqueued without TenantID`
	shadow.BaseArgs.TenantID = tc.TenantID
	_, err := client.Insert(ctx, shadow, nil)
	return err
}
