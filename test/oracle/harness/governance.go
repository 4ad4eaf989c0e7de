package main

import (
	cr "github.com/alibabacloud-go/cr-20181201/v2/client"
	"github.com/alibabacloud-go/tea/tea"
)

// governance: the internet endpoint and its ACL, tag-retention rules and webhook triggers.
func (h *harness) governance(a *cr.Client, inst, repoID *string) {
	internet, registry := tea.String("internet"), tea.String("Registry")
	h.typed("CreateInstanceEndpointAclPolicy", "adds an ACL entry", ok, func() (r, error) {
		return a.CreateInstanceEndpointAclPolicy(&cr.CreateInstanceEndpointAclPolicyRequest{InstanceId: inst, EndpointType: internet, ModuleName: registry, Entry: tea.String("127.0.0.1/32"), Comment: tea.String("loopback")})
	})
	h.typed("CreateInstanceEndpointAclPolicy", "refuses an entry that is not an IPv4 CIDR", "PARAM_INVALID", func() (r, error) {
		return a.CreateInstanceEndpointAclPolicy(&cr.CreateInstanceEndpointAclPolicyRequest{InstanceId: inst, EndpointType: internet, Entry: tea.String("10.0.0.300/8")})
	})
	h.typed("GetInstanceEndpoint", "shows the ACL entry", ok, func() (r, error) {
		return a.GetInstanceEndpoint(&cr.GetInstanceEndpointRequest{InstanceId: inst, EndpointType: internet, ModuleName: registry})
	})
	h.typed("ListInstanceEndpoint", "lists the internet and VPC endpoints", ok, func() (r, error) {
		return a.ListInstanceEndpoint(&cr.ListInstanceEndpointRequest{InstanceId: inst, ModuleName: registry})
	})
	h.typed("ListInstanceEndpoint", "an unknown instance is not found", "INSTANCE_NOT_EXIST", func() (r, error) {
		return a.ListInstanceEndpoint(&cr.ListInstanceEndpointRequest{InstanceId: tea.String("cri-oraclemissing01"), ModuleName: registry})
	})
	h.typed("GetInstanceVpcEndpoint", "reads the VPC endpoint", ok, func() (r, error) {
		return a.GetInstanceVpcEndpoint(&cr.GetInstanceVpcEndpointRequest{InstanceId: inst, ModuleName: registry})
	})
	h.typed("GetInstanceVpcEndpoint", "an unknown instance is not found", "INSTANCE_NOT_EXIST", func() (r, error) {
		return a.GetInstanceVpcEndpoint(&cr.GetInstanceVpcEndpointRequest{InstanceId: tea.String("cri-oraclemissing01"), ModuleName: registry})
	})
	h.typed("DeleteInstanceEndpointAclPolicy", "removes the ACL entry", ok, func() (r, error) {
		return a.DeleteInstanceEndpointAclPolicy(&cr.DeleteInstanceEndpointAclPolicyRequest{InstanceId: inst, EndpointType: internet, ModuleName: registry, Entry: tea.String("127.0.0.1/32")})
	})
	// With access control on, an empty ACL admits nobody: loopback goes back in for the registry calls that follow.
	h.typed("CreateInstanceEndpointAclPolicy", "lets loopback in again", ok, func() (r, error) {
		return a.CreateInstanceEndpointAclPolicy(&cr.CreateInstanceEndpointAclPolicyRequest{InstanceId: inst, EndpointType: internet, ModuleName: registry, Entry: tea.String("127.0.0.1/32"), Comment: tea.String("loopback")})
	})
	h.typed("UpdateInstanceEndpointStatus", "disables the internet endpoint", ok, func() (r, error) {
		return a.UpdateInstanceEndpointStatus(&cr.UpdateInstanceEndpointStatusRequest{InstanceId: inst, EndpointType: internet, ModuleName: registry, Enable: tea.Bool(false)})
	})
	h.typed("UpdateInstanceEndpointStatus", "enables it again", ok, func() (r, error) {
		return a.UpdateInstanceEndpointStatus(&cr.UpdateInstanceEndpointStatusRequest{InstanceId: inst, EndpointType: internet, ModuleName: registry, Enable: tea.Bool(true)})
	})
	h.typed("UpdateInstanceEndpointStatus", "refuses an endpoint type other than internet", "PARAM_INVALID", func() (r, error) {
		return a.UpdateInstanceEndpointStatus(&cr.UpdateInstanceEndpointStatusRequest{InstanceId: inst, EndpointType: tea.String("vpc"), Enable: tea.Bool(true)})
	})

	rule := h.typed("CreateArtifactLifecycleRule", "keeps 3 tags plus release-* in one repository, weekly", ok, func() (r, error) {
		return a.CreateArtifactLifecycleRule(&cr.CreateArtifactLifecycleRuleRequest{InstanceId: inst, Scope: tea.String("REPO"), NamespaceName: tea.String(h.cfg.SeededNamespace),
			RepoName: tea.String(h.cfg.SeededRepo), RetentionTagCount: tea.Int64(3), TagRegexp: tea.String("release-.*"), Auto: tea.Bool(true), ScheduleTime: tea.String("WEEK"), EnableDeleteTag: tea.Bool(true)})
	})
	h.typed("CreateArtifactLifecycleRule", "refuses an unknown scope", "PARAM_INVALID", func() (r, error) {
		return a.CreateArtifactLifecycleRule(&cr.CreateArtifactLifecycleRuleRequest{InstanceId: inst, Scope: tea.String("GALAXY"), RetentionTagCount: tea.Int64(3)})
	})
	ruleID := tea.String(str(rule, "RuleId"))
	h.typed("GetArtifactLifecycleRule", "reads the rule", ok, func() (r, error) {
		return a.GetArtifactLifecycleRule(&cr.GetArtifactLifecycleRuleRequest{InstanceId: inst, RuleId: ruleID})
	})
	h.typed("UpdateArtifactLifecycleRule", "keeps 5 tags instead", ok, func() (r, error) {
		return a.UpdateArtifactLifecycleRule(&cr.UpdateArtifactLifecycleRuleRequest{InstanceId: inst, RuleId: ruleID, Scope: tea.String("REPO"), NamespaceName: tea.String(h.cfg.SeededNamespace),
			RepoName: tea.String(h.cfg.SeededRepo), RetentionTagCount: tea.Int64(5), TagRegexp: tea.String("release-.*"), Auto: tea.Bool(true), ScheduleTime: tea.String("MONTH"), EnableDeleteTag: tea.Bool(true)})
	})
	h.typed("ListArtifactLifecycleRule", "lists the instance's rules", ok, func() (r, error) {
		return a.ListArtifactLifecycleRule(&cr.ListArtifactLifecycleRuleRequest{InstanceId: inst, PageNo: tea.Int32(1), PageSize: tea.Int32(30)})
	})
	h.typed("DeleteArtifactLifecycleRule", "deletes the rule", ok, func() (r, error) {
		return a.DeleteArtifactLifecycleRule(&cr.DeleteArtifactLifecycleRuleRequest{InstanceId: inst, RuleId: ruleID})
	})
	h.typed("GetArtifactLifecycleRule", "a deleted rule is not found", "ARTIFACT_LIFECYCLE_RULE_NOT_EXIST", func() (r, error) {
		return a.GetArtifactLifecycleRule(&cr.GetArtifactLifecycleRuleRequest{InstanceId: inst, RuleId: ruleID})
	})

	trigger := h.typed("CreateRepoTrigger", "adds a webhook for release tags", ok, func() (r, error) {
		return a.CreateRepoTrigger(&cr.CreateRepoTriggerRequest{InstanceId: inst, RepoId: repoID, TriggerName: tea.String("notify"), TriggerType: tea.String("TAG_REG_EXP"),
			TriggerTag: tea.String("release-.*"), TriggerUrl: tea.String("http://127.0.0.1:8080/hook")})
	})
	h.typed("CreateRepoTrigger", "refuses HTTPS on a port other than 443", "PARAM_INVALID", func() (r, error) {
		return a.CreateRepoTrigger(&cr.CreateRepoTriggerRequest{InstanceId: inst, RepoId: repoID, TriggerName: tea.String("bad"), TriggerType: tea.String("ALL"), TriggerUrl: tea.String("https://hooks.example:8443/x")})
	})
	triggerID := tea.String(str(trigger, "TriggerId"))
	h.typed("UpdateRepoTrigger", "switches to a tag list", ok, func() (r, error) {
		return a.UpdateRepoTrigger(&cr.UpdateRepoTriggerRequest{InstanceId: inst, RepoId: repoID, TriggerId: triggerID, TriggerType: tea.String("TAG_LIST"), TriggerTag: tea.String("[v1, v2]")})
	})
	h.typed("ListRepoTrigger", "lists the repository's triggers", ok, func() (r, error) {
		return a.ListRepoTrigger(&cr.ListRepoTriggerRequest{InstanceId: inst, RepoId: repoID})
	})
	h.typed("DeleteRepoTrigger", "deletes the trigger", ok, func() (r, error) {
		return a.DeleteRepoTrigger(&cr.DeleteRepoTriggerRequest{InstanceId: inst, RepoId: repoID, TriggerId: triggerID})
	})
	h.typed("DeleteRepoTrigger", "a deleted trigger is not found", "TRIGGER_NOT_EXIST", func() (r, error) {
		return a.DeleteRepoTrigger(&cr.DeleteRepoTriggerRequest{InstanceId: inst, RepoId: repoID, TriggerId: triggerID})
	})
}
