// Command oracle-harness drives a running emulator through the official Go SDK for Container
// Registry (github.com/alibabacloud-go/cr-20181201/v2), unmodified and through its typed methods,
// and reports for every call whether the response decoded into the SDK's struct, which JSON keys
// the struct lacks, which kinds disagree, and which error envelope came back.
//
// A second, independent family, the older github.com/aliyun/alibaba-cloud-sdk-go (services/cr_ee,
// V1 HMAC-SHA1 signing), runs the same scenario where it has the action.
//
// Usage: oracle-harness <config.json> [darabonba|legacy]   (the report is printed as JSON on stdout)
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

type account struct {
	UID         string `json:"uid"`
	AccessKey   string `json:"accessKeyId"`
	Secret      string `json:"accessKeySecret"`
	UserKey     string `json:"userAccessKeyId"`
	UserSecret  string `json:"userAccessKeySecret"`
	Region      string `json:"region"`
	InstanceID  string `json:"instanceId"`
	OtherRegion string `json:"otherRegion"`
	OtherID     string `json:"otherInstanceId"`
}

type config struct {
	// Emulator is host:port on loopback; the SDK reaches it through the recording proxy.
	Emulator string  `json:"emulator"`
	A        account `json:"a"`
	B        account `json:"b"`
	// A repository in A that already holds Tags (pushed by the test before the harness runs).
	SeededNamespace string   `json:"seededNamespace"`
	SeededRepo      string   `json:"seededRepo"`
	Tags            []string `json:"tags"`
	// Actions are the CR actions the emulator implements; each goes through the error sweep.
	Actions []string `json:"actions"`
}

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: oracle-harness <config.json> [darabonba|legacy]")
		os.Exit(2)
	}
	family := "darabonba"
	if len(os.Args) == 3 {
		family = os.Args[2]
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var cfg config
	if err := json.Unmarshal(raw, &cfg); err != nil {
		fail(err)
	}
	rec, err := startRecorder(cfg.Emulator)
	if err != nil {
		fail(err)
	}
	h := &harness{cfg: cfg, rec: rec}
	switch family {
	case "darabonba":
		h.run()
	case "legacy":
		h.runLegacy()
	default:
		fail(fmt.Errorf("unknown client family %q", family))
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", " ")
	if err := out.Encode(h.report()); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "oracle-harness:", err)
	os.Exit(1)
}
