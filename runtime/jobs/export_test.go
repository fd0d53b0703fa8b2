package jobs

import "time"

// SetSignerClock replaces the signer's clock in tests.
func SetSignerClock(s *Signer, now func() time.Time) { s.now = now }
