package main

import (
	"reflect"

	cr "github.com/alibabacloud-go/cr-20181201/v2/client"
	"github.com/alibabacloud-go/tea/tea"
)

const (
	refusedCase   = "a RAM user without a policy is refused"
	throttledCase = "a throttled call"
)

// errorSweep puts every action through the two error paths any call can meet, whatever its
// parameters: a RAM user without a policy (NoPrivilege) and throttling (Throttling.User). The
// scenario covers each action's own errors (not found, already exists, invalid parameter); the
// sweep makes sure no action answers these two with an envelope the SDK cannot read. call runs one
// action as A's policy-less RAM user (asUser) or as A itself while every action is throttled.
func (h *harness) errorSweep(actions []string, call func(action string, asUser bool)) {
	for _, action := range actions {
		call(action, true)
	}
	h.faults(map[string]r{"global": map[string]r{"throttleRate": 1}})
	defer h.faults(nil)
	for _, action := range actions {
		call(action, false)
	}
}

func sweepCase(asUser bool) (caseName, expected string) {
	if asUser {
		return refusedCase, "NoPrivilege"
	}
	return throttledCase, "Throttling.User"
}

// sweepValues are request values that pass the gateway's parameter checks (it refuses a missing
// required parameter before RAM is asked), on A's seeded repository, for any action that takes them.
func (h *harness) sweepValues(seededRepoID string) map[string]string {
	cfg := h.cfg
	return map[string]string{
		"InstanceId": cfg.A.InstanceID, "NamespaceName": cfg.SeededNamespace, "RepoNamespaceName": cfg.SeededNamespace,
		"RepoName": cfg.SeededRepo, "RepoId": seededRepoID, "Tag": cfg.Tags[0], "RepoType": "PRIVATE", "Summary": "sweep",
		"Password": "Oracle-Pass-2026", "EndpointType": "internet", "ModuleName": "Registry", "Entry": "10.0.0.0/8",
		"SyncRuleName": "sweep", "SyncScope": "REPO", "SyncTrigger": "PASSIVE", "TagFilter": ".*",
		"TargetInstanceId": cfg.A.OtherID, "TargetRegionId": cfg.A.OtherRegion, "TargetNamespaceName": cfg.SeededNamespace,
		"TargetRepoName": cfg.SeededRepo, "TargetTag": cfg.Tags[0], "TargetNamespace": cfg.SeededNamespace,
		"SyncRuleId": "crsr-sweep", "SyncTaskId": "rst-sweep", "RuleId": "rule-sweep", "TriggerId": "trg-sweep",
		"TriggerName": "sweep", "TriggerUrl": "https://hooks.example.com/sweep", "TriggerType": "ALL", "Status": "enable",
		"ScheduleTime": "WEEK", "Scope": "REPO",
	}
}

// setSweepFields sets every field of *request named in sweepValues whose type is fieldType.
func (h *harness) setSweepFields(request reflect.Value, fieldType reflect.Type, seededRepoID string, value func(string) reflect.Value) {
	for name, v := range h.sweepValues(seededRepoID) {
		if field := request.Elem().FieldByName(name); field.IsValid() && field.Type() == fieldType {
			field.Set(value(v))
		}
	}
}

// sweepDarabonba is errorSweep's call for cr-20181201: the typed method found by the action's name,
// or CallApi where v2.5.0 has none (CancelRepoSyncTask, which takes InstanceId and SyncTaskId).
func (h *harness) sweepDarabonba(seededRepoID string) func(string, bool) {
	cfg := h.cfg
	clients := map[bool]*cr.Client{true: h.client(cfg.A.Region, cfg.A.UserKey, cfg.A.UserSecret), false: h.client(cfg.A.Region, cfg.A.AccessKey, cfg.A.Secret)}
	return func(action string, asUser bool) {
		caseName, expected := sweepCase(asUser)
		client := clients[asUser]
		method := reflect.ValueOf(client).MethodByName(action)
		if !method.IsValid() {
			values := h.sweepValues(seededRepoID)
			h.generic(client, action, caseName, expected, map[string]*string{"InstanceId": tea.String(values["InstanceId"]), "SyncTaskId": tea.String(values["SyncTaskId"])})
			return
		}
		h.typed(action, caseName, expected, func() (r, error) {
			request := reflect.New(method.Type().In(0).Elem())
			h.setSweepFields(request, reflect.TypeOf((*string)(nil)), seededRepoID, func(v string) reflect.Value { return reflect.ValueOf(tea.String(v)) })
			return callMethod(method, request)
		})
	}
}

// callMethod calls a typed SDK method, func(*Request) (*Response, error), with request.
func callMethod(method, request reflect.Value) (interface{}, error) {
	out := method.Call([]reflect.Value{request})
	err, _ := out[1].Interface().(error)
	return out[0].Interface(), err
}
