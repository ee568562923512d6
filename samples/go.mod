module example.com/heaplint-samples

go 1.22
