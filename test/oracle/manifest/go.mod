module pulumi-acr-ee/oracle-manifest

go 1.22
