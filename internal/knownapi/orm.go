package knownapi

import "strings"

// Import paths of the ORMs and query builders sqlscope recognises.
const (
	PkgGorm     = "gorm.io/gorm"
	PkgBun      = "github.com/uptrace/bun"
	PkgSquirrel = "github.com/Masterminds/squirrel"
	PkgPop      = "github.com/gobuffalo/pop/v6"
	PkgEnt      = "entgo.io/ent"
	PkgEntSQL   = "entgo.io/ent/dialect/sql"
	PkgEntQL    = "entgo.io/ent/entql"
)

// GormFinisher describes a method of *gorm.DB that sends a statement.
type GormFinisher struct {
	Op      GormOp
	DestArg int // the argument whose type names the model (-1: none)
	CondArg int // the first inline condition (First(&m, id)); -1: none
	SQLArg  int // Exec: the SQL text; -1: none
}

// GormOp is the statement a gorm finisher sends.
type GormOp int

// The statements.
const (
	GormSelect GormOp = iota + 1
	GormInsert
	GormUpdate
	GormDelete
	GormSave    // UPDATE by primary key, or INSERT when the key is zero
	GormExec    // Exec(sql, args...)
	GormRawScan // a finisher that runs a Raw statement when the chain has one, else SELECT
)

// GormFinishers are the methods of *gorm.DB that run a statement.
var GormFinishers = map[string]GormFinisher{
	"First":           {GormSelect, 0, 1, -1},
	"Take":            {GormSelect, 0, 1, -1},
	"Last":            {GormSelect, 0, 1, -1},
	"Find":            {GormSelect, 0, 1, -1},
	"FirstOrInit":     {GormSelect, 0, 1, -1},
	"FirstOrCreate":   {GormSelect, 0, 1, -1},
	"Scan":            {GormSelect, 0, -1, -1},
	"Count":           {GormSelect, -1, -1, -1},
	"Pluck":           {GormSelect, 1, -1, -1},
	"Row":             {GormSelect, -1, -1, -1},
	"Rows":            {GormSelect, -1, -1, -1},
	"Update":          {GormUpdate, -1, -1, -1},
	"Updates":         {GormUpdate, -1, -1, -1},
	"UpdateColumn":    {GormUpdate, -1, -1, -1},
	"UpdateColumns":   {GormUpdate, -1, -1, -1},
	"Delete":          {GormDelete, 0, 1, -1},
	"Create":          {GormInsert, 0, -1, -1},
	"CreateInBatches": {GormInsert, 0, -1, -1},
	"Save":            {GormSave, 0, -1, -1},
	"Exec":            {GormExec, -1, -1, 0},
}

// GormChain are the methods of *gorm.DB that return the handle with more statement state; the
// ones not named here by the recogniser (Order, Limit, Select...) do not change which rows
// are reached.
var GormChain = map[string]bool{
	"Model": true, "Clauses": true, "Table": true, "Distinct": true, "Select": true, "Omit": true,
	"Where": true, "Not": true, "Or": true, "Joins": true, "InnerJoins": true, "Group": true,
	"Having": true, "Order": true, "Limit": true, "Offset": true, "Scopes": true, "Preload": true,
	"Unscoped": true, "Raw": true, "Session": true, "WithContext": true, "Debug": true,
	"Attrs": true, "Assign": true, "MapColumns": true, "Set": true, "InstanceSet": true,
}

// BunQueries are bun's query builder types and the statement each sends.
var BunQueries = map[string]GormOp{
	"SelectQuery": GormSelect, "InsertQuery": GormInsert, "UpdateQuery": GormUpdate,
	"DeleteQuery": GormDelete, "RawQuery": GormExec,
}

// BunFinishers are the methods of bun's query types that send the statement.
var BunFinishers = map[string]bool{"Scan": true, "Exec": true, "Count": true, "ScanAndCount": true, "Exists": true}

// IsBun reports whether path is bun or one of its packages.
func IsBun(path string) bool {
	return path == PkgBun || strings.HasPrefix(path, PkgBun+"/")
}

// IsGorm reports whether path is gorm or one of its packages.
func IsGorm(path string) bool {
	return path == PkgGorm || strings.HasPrefix(path, PkgGorm+"/")
}

// PopFinisher describes a method of pop's *Connection or *Query that sends a statement.
type PopFinisher struct {
	Op       GormOp
	ModelArg int  // the argument whose type names the model (-1: none)
	IDArg    int  // Find's id: the statement is confined to the primary key (-1: none)
	ByPK     bool // the statement is confined to the model's primary key (Update, Destroy, Reload)
}

// PopFinishers are the methods of pop's *Connection and *Query that run a statement. A query's
// RawQuery replaces the statement the select finishers and Exec send.
var PopFinishers = map[string]PopFinisher{
	"Find":          {GormSelect, 0, 1, false},
	"First":         {GormSelect, 0, -1, false},
	"Last":          {GormSelect, 0, -1, false},
	"All":           {GormSelect, 0, -1, false},
	"Count":         {GormSelect, 0, -1, false},
	"CountByField":  {GormSelect, 0, -1, false},
	"Exists":        {GormSelect, 0, -1, false},
	"Reload":        {GormSelect, 0, -1, true},
	"Create":        {GormInsert, 0, -1, false},
	"Save":          {GormSave, 0, -1, false},
	"Update":        {GormUpdate, 0, -1, true},
	"UpdateColumns": {GormUpdate, 0, -1, true},
	"UpdateQuery":   {GormUpdate, 0, -1, false},
	"Destroy":       {GormDelete, 0, -1, true},
	"Delete":        {GormDelete, 0, -1, false},
	"Exec":          {GormExec, -1, -1, false},
	"ExecWithCount": {GormExec, -1, -1, false},
}

// EntFinishers are the methods of ent's generated builders that send the statement, by the
// builder's kind (the suffix of its type name: ProjectQuery, ProjectUpdate...).
var EntFinishers = map[string]map[string]bool{
	"Query": {
		"First": true, "FirstX": true, "FirstID": true, "FirstIDX": true, "Only": true, "OnlyX": true,
		"OnlyID": true, "OnlyIDX": true, "All": true, "AllX": true, "IDs": true, "IDsX": true,
		"Count": true, "CountX": true, "Exist": true, "ExistX": true,
	},
	"Update":    {"Save": true, "SaveX": true, "Exec": true, "ExecX": true},
	"UpdateOne": {"Save": true, "SaveX": true, "Exec": true, "ExecX": true},
	"Delete":    {"Exec": true, "ExecX": true},
	"DeleteOne": {"Exec": true, "ExecX": true},
	"Create":    {"Save": true, "SaveX": true, "Exec": true, "ExecX": true},
}

// IsEnt reports whether path is ent or one of its packages.
func IsEnt(path string) bool {
	return path == PkgEnt || strings.HasPrefix(path, PkgEnt+"/")
}
