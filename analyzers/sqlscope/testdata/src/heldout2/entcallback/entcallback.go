package entcallback // want package:`models:comments,labels\(tenant_id\),notes\(tenant_id\),plans,projects\(tenant_id\),tasks\(tenant_id\)`
// entcallback's repository runs ent deletes whose conditions its callers add through a
// callback.
//
// Held-out shape (wizardshan/elegantGo chapter-orm-crud-2/repository/user_delete.go):
// builder := db.User.Delete(); optionFunc(builder); return builder.ExecX(ctx), so the WHERE
// clause is written by each caller's func(opt *ent.UserDelete). A caller that deletes by id
// alone deletes any tenant's row; the twin adds the tenant.

import (
	"context"

	"example.com/entapp/ent"
	"example.com/entapp/ent/project"
)

type ProjectRepo struct{ db *ent.Client }

func (r *ProjectRepo) Delete(ctx context.Context, optionFunc func(opt *ent.ProjectDelete)) int { // want Delete:`queriesParam:recv sql:1`
	builder := r.db.Project.Delete()
	optionFunc(builder)
	return builder.ExecX(ctx)
}

func DeleteByID(ctx context.Context, r *ProjectRepo, id string) int { // want DeleteByID:`queriesParam:r sql:1`
	return r.Delete(ctx, func(opt *ent.ProjectDelete) {
		opt.Where(project.ID(id)) // MISSED (heldout2): the delete builder is handed to a callback parameter (optionFunc(builder)) and finished after it; the conditions the caller's function literal adds are not followed into the repository, and the ExecX is given the benefit of the doubt
	})
}

func DeleteInTenant(ctx context.Context, r *ProjectRepo, tenantID, id string) int { // want DeleteInTenant:`queriesParam:r sql:1`
	return r.Delete(ctx, func(opt *ent.ProjectDelete) {
		opt.Where(project.TenantID(tenantID), project.ID(id))
	})
}
