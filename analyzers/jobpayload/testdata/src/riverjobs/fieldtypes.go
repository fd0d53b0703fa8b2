package riverjobs

import "github.com/google/uuid"

// Services keyed by integers carry the tenant as one: the type is no reason to report the job.
type SyncArgs struct { // want SyncArgs:"job"
	TenantID  uint64
	ProjectID uint64
}

func (SyncArgs) Kind() string { return "sync" }

// UUIDArgs carries the tenant as a github.com/google/uuid UUID.
type UUIDArgs struct { // want UUIDArgs:"job"
	TenantID uuid.UUID
}

func (UUIDArgs) Kind() string { return "uuid" }

// OrgKey is the service's own tenant type.
type OrgKey string

type NamedArgs struct { // want NamedArgs:"job"
	TenantID OrgKey
}

func (NamedArgs) Kind() string { return "named" }

// PgUUID stands for a struct id type such as pgtype.UUID.
type PgUUID struct {
	Bytes [16]byte
	Valid bool
}

type StructIDArgs struct { // want StructIDArgs:"job"
	TenantID *PgUUID
}

func (StructIDArgs) Kind() string { return "structid" }

// FlagArgs names a boolean TenantID: it cannot say which tenant.
type FlagArgs struct { // want FlagArgs:"job without tenant" `job type FlagArgs has TenantID of type bool, which cannot hold a tenant id: make it tenant.ID`
	TenantID bool
}

func (FlagArgs) Kind() string { return "flag" }
