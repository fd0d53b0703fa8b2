package main

import (
	"flag"

	"github.com/tenantvet/tenantvet/internal/config"
)

// settingFlags registers every setting as a top-level flag of a driver's FlagSet. The values are
// copied onto the analyzers' own flags after parsing, so "-tenant-columns=org_id" reaches every
// analyzer that has the setting.
type settingFlags struct {
	values map[string]*string
	fs     *flag.FlagSet
}

func newSettingFlags(fs *flag.FlagSet) *settingFlags {
	sf := &settingFlags{values: map[string]*string{}, fs: fs}
	for _, k := range config.Keys {
		sf.values[k.Flag] = fs.String(k.Flag, "", k.Usage+" (setting)")
	}
	return sf
}

// explicit returns the settings given on the command line, by flag name.
func (sf *settingFlags) explicit() map[string]string {
	out := map[string]string{}
	sf.fs.Visit(func(f *flag.Flag) {
		if p, ok := sf.values[f.Name]; ok {
			out[f.Name] = *p
		}
	})
	return out
}
