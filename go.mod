module github.com/chainmatch/chainmatch

go 1.26.8
