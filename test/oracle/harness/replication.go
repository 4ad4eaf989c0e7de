package main

import (
	"fmt"
	"time"

	cr "github.com/alibabacloud-go/cr-20181201/v2/client"
	"github.com/alibabacloud-go/tea/tea"
)

// replication: rules same- and cross-account, NAMESPACE and REPO scope; tasks manual and by rule,
// read, listed and cancelled. B's sync role exists already (made by the test through RAM).
func (h *harness) replication(a *cr.Client, inst, seededID *string) {
	cfg := h.cfg
	ns, repo := tea.String(cfg.SeededNamespace), tea.String(cfg.SeededRepo)
	// The cross-account rule is INITIATIVE (run by hand: CreateRepoSyncTaskByRule needs that); the same-account one PASSIVE.
	rule := func(name, scope, targetInstance, targetRegion, targetUser string, repoName *string) *cr.CreateRepoSyncRuleRequest {
		trigger := "PASSIVE"
		if targetUser != "" {
			trigger = "INITIATIVE"
		}
		req := &cr.CreateRepoSyncRuleRequest{InstanceId: inst, NamespaceName: ns, SyncRuleName: tea.String(name), SyncScope: tea.String(scope), SyncTrigger: tea.String(trigger),
			TagFilter: tea.String(".*"), TargetInstanceId: tea.String(targetInstance), TargetNamespaceName: ns, TargetRegionId: tea.String(targetRegion)}
		if targetUser != "" {
			req.TargetUserId = tea.String(targetUser)
		}
		if repoName != nil {
			req.RepoName, req.TargetRepoName = repoName, repoName
		}
		return req
	}
	cross := h.typed("CreateRepoSyncRule", "cross-account, NAMESPACE scope", ok, func() (r, error) {
		return a.CreateRepoSyncRule(rule("to-b", "NAMESPACE", cfg.B.InstanceID, cfg.B.Region, cfg.B.UID, nil))
	})
	h.typed("CreateRepoSyncRule", "same-account, REPO scope", ok, func() (r, error) {
		return a.CreateRepoSyncRule(rule("to-basic", "REPO", cfg.A.OtherID, cfg.A.Region, "", repo))
	})
	h.typed("CreateRepoSyncRule", "refuses a second rule of the same name", "SYNC_RULE_ALREADY_EXIST", func() (r, error) {
		return a.CreateRepoSyncRule(rule("to-b", "NAMESPACE", cfg.B.InstanceID, cfg.B.Region, cfg.B.UID, nil))
	})
	h.typed("CreateRepoSyncRule", "refuses a public-to-finance region pair", "SYNC_REGION_NOT_SUPPORT", func() (r, error) {
		return a.CreateRepoSyncRule(rule("to-finance", "NAMESPACE", cfg.B.OtherID, cfg.B.OtherRegion, cfg.B.UID, nil))
	})
	h.typed("CreateRepoSyncRule", "refuses an invalid scope", "PARAM_INVALID", func() (r, error) {
		return a.CreateRepoSyncRule(rule("bad-scope", "EVERYTHING", cfg.B.InstanceID, cfg.B.Region, cfg.B.UID, nil))
	})
	ruleID := tea.String(str(cross, "SyncRuleId"))
	h.typed("ListRepoSyncRule", "lists the namespace's rules", ok, func() (r, error) {
		return a.ListRepoSyncRule(&cr.ListRepoSyncRuleRequest{InstanceId: inst, NamespaceName: ns, PageNo: tea.Int32(1), PageSize: tea.Int32(30)})
	})

	task := h.typed("CreateRepoSyncTask", "copies one tag by hand to B", ok, func() (r, error) {
		return a.CreateRepoSyncTask(&cr.CreateRepoSyncTaskRequest{InstanceId: inst, RepoId: seededID, Tag: tea.String(cfg.Tags[0]), TargetInstanceId: tea.String(cfg.B.InstanceID),
			TargetNamespace: ns, TargetRepoName: repo, TargetRegionId: tea.String(cfg.B.Region), TargetTag: tea.String("manual"), TargetUserId: tea.String(cfg.B.UID), Override: tea.Bool(true)})
	})
	h.typed("CreateRepoSyncTask", "a missing tag cannot be copied", "TAG_NOT_EXIST", func() (r, error) {
		return a.CreateRepoSyncTask(&cr.CreateRepoSyncTaskRequest{InstanceId: inst, RepoId: seededID, Tag: tea.String("ghost"), TargetInstanceId: tea.String(cfg.B.InstanceID),
			TargetNamespace: ns, TargetRepoName: repo, TargetRegionId: tea.String(cfg.B.Region), TargetTag: tea.String("ghost"), TargetUserId: tea.String(cfg.B.UID)})
	})
	h.typed("CreateRepoSyncTaskByRule", "runs the rule for one tag", ok, func() (r, error) {
		return a.CreateRepoSyncTaskByRule(&cr.CreateRepoSyncTaskByRuleRequest{InstanceId: inst, RepoId: seededID, SyncRuleId: ruleID, Tag: tea.String(cfg.Tags[0])})
	})
	h.typed("CreateRepoSyncTaskByRule", "a missing rule is not found", "SYNC_RULE_NOT_EXIST", func() (r, error) {
		return a.CreateRepoSyncTaskByRule(&cr.CreateRepoSyncTaskByRuleRequest{InstanceId: inst, RepoId: seededID, SyncRuleId: tea.String("crsr-ghost000000000"), Tag: tea.String(cfg.Tags[0])})
	})
	taskID := tea.String(str(task, "SyncTaskId"))
	h.typed("GetRepoSyncTask", "reads the manual task", ok, func() (r, error) {
		return a.GetRepoSyncTask(&cr.GetRepoSyncTaskRequest{InstanceId: inst, SyncTaskId: taskID})
	})
	h.awaitTask(func() (string, error) {
		res, err := a.GetRepoSyncTask(&cr.GetRepoSyncTaskRequest{InstanceId: inst, SyncTaskId: taskID})
		if err != nil {
			return "", err
		}
		return tea.StringValue(res.Body.TaskStatus), nil
	})
	h.typed("GetRepoSyncTask", "reads the finished task, with its layer tasks", ok, func() (r, error) {
		return a.GetRepoSyncTask(&cr.GetRepoSyncTaskRequest{InstanceId: inst, SyncTaskId: taskID})
	})
	h.typed("GetRepoSyncTask", "a missing task is not found", "SYNC_TASK_NOT_EXIST", func() (r, error) {
		return a.GetRepoSyncTask(&cr.GetRepoSyncTaskRequest{InstanceId: inst, SyncTaskId: tea.String("rst-ghost0000000000")})
	})
	h.typed("ListRepoSyncTask", "lists the repository's tasks", ok, func() (r, error) {
		return a.ListRepoSyncTask(&cr.ListRepoSyncTaskRequest{InstanceId: inst, RepoNamespaceName: ns, RepoName: repo, PageNo: tea.Int32(1), PageSize: tea.Int32(30)})
	})
	// v2.5.0 has no CancelRepoSyncTask method (acr-api.md documents the action): the generic path.
	h.generic(a, "CancelRepoSyncTask", "a missing task cannot be cancelled", "SYNC_TASK_NOT_EXIST", map[string]*string{"InstanceId": inst, "SyncTaskId": tea.String("rst-ghost0000000000")})
	h.typed("DeleteRepoSyncRule", "deletes the rule", ok, func() (r, error) {
		return a.DeleteRepoSyncRule(&cr.DeleteRepoSyncRuleRequest{InstanceId: inst, SyncRuleId: ruleID})
	})
	h.typed("DeleteRepoSyncRule", "a deleted rule is not found", "SYNC_RULE_NOT_EXIST", func() (r, error) {
		return a.DeleteRepoSyncRule(&cr.DeleteRepoSyncRuleRequest{InstanceId: inst, SyncRuleId: ruleID})
	})
}

// awaitTask polls a task's status until it is final (SUCCESS, ERROR or CANCELED; at most 30 s),
// without judging the polls: only the read after it is judged, so LayerTasks, empty while a task
// waits, and the end state's fields are judged too.
func (h *harness) awaitTask(status func() (string, error)) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		got, err := status()
		h.rec.take()
		if err != nil {
			fail(err)
		}
		if got == "SUCCESS" || got == "ERROR" || got == "CANCELED" {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	fail(fmt.Errorf("a sync task was still running after 30 s"))
}
