/** A small real `go build -gcflags=-m=2` log (package example.com/m/p): one boxed value, one moved variable. */
export const BUILD_LOG = [
  '# example.com/m/p',
  'p/p.go:5:6: can inline Box with cost 4 as: func(int) { sink = x }',
  'p/p.go:9:6: can inline Ptr with cost 8 as: func() *int { v := 1; return &v }',
  'p/p.go:6:9: x escapes to heap in Box:',
  'p/p.go:6:9:   flow: {heap} ← &{storage for x}:',
  'p/p.go:6:9:     from x (spill) at p/p.go:6:9',
  'p/p.go:6:9:     from sink = x (assign) at p/p.go:6:7',
  'p/p.go:6:9: x escapes to heap',
  'p/p.go:10:2: v escapes to heap in Ptr:',
  'p/p.go:10:2:   flow: ~r0 ← &v:',
  'p/p.go:10:2:     from &v (address-of) at p/p.go:11:9',
  'p/p.go:10:2:     from return &v (return) at p/p.go:11:2',
  'p/p.go:10:2: moved to heap: v',
  '',
].join('\n');
