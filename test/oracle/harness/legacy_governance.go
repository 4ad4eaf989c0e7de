package main

import (
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cr_ee"
)

// legacyGovernance: the endpoint ACL and triggers (this SDK has no artifact lifecycle actions).
func (h *harness) legacyGovernance(a *cr_ee.Client, region, inst, repoID string) {
	h.typed("CreateInstanceEndpointAclPolicy", "adds an ACL entry", ok, func() (r, error) {
		q := cr_ee.CreateCreateInstanceEndpointAclPolicyRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.EndpointType, q.ModuleName, q.Entry, q.Comment = inst, "internet", "Registry", "10.1.0.0/16", "office"
		return a.CreateInstanceEndpointAclPolicy(q)
	})
	h.typed("GetInstanceEndpoint", "shows the ACL entry", ok, func() (r, error) {
		q := cr_ee.CreateGetInstanceEndpointRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.EndpointType, q.ModuleName = inst, "internet", "Registry"
		return a.GetInstanceEndpoint(q)
	})
	h.typed("ListInstanceEndpoint", "lists the internet and VPC endpoints", ok, func() (r, error) {
		q := cr_ee.CreateListInstanceEndpointRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.ModuleName = inst, "Registry"
		return a.ListInstanceEndpoint(q)
	})
	h.typed("GetInstanceVpcEndpoint", "reads the VPC endpoint", ok, func() (r, error) {
		q := cr_ee.CreateGetInstanceVpcEndpointRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.ModuleName = inst, "Registry"
		return a.GetInstanceVpcEndpoint(q)
	})
	h.typed("DeleteInstanceEndpointAclPolicy", "removes the ACL entry", ok, func() (r, error) {
		q := cr_ee.CreateDeleteInstanceEndpointAclPolicyRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.EndpointType, q.ModuleName, q.Entry = inst, "internet", "Registry", "10.1.0.0/16"
		return a.DeleteInstanceEndpointAclPolicy(q)
	})
	h.typed("UpdateInstanceEndpointStatus", "keeps the internet endpoint enabled", ok, func() (r, error) {
		q := cr_ee.CreateUpdateInstanceEndpointStatusRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.EndpointType, q.ModuleName, q.Enable = inst, "internet", "Registry", requests.NewBoolean(true)
		return a.UpdateInstanceEndpointStatus(q)
	})
	trigger := h.typed("CreateRepoTrigger", "adds a webhook for every tag", ok, func() (r, error) {
		q := cr_ee.CreateCreateRepoTriggerRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.RepoId, q.TriggerName, q.TriggerType, q.TriggerTag, q.TriggerUrl = inst, repoID, "legacy-notify", "ALL", "*", "http://127.0.0.1:8080/hook"
		return a.CreateRepoTrigger(q)
	})
	triggerID := str(trigger, "TriggerId")
	h.typed("UpdateRepoTrigger", "renames the trigger", ok, func() (r, error) {
		q := cr_ee.CreateUpdateRepoTriggerRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.RepoId, q.TriggerId, q.TriggerName = inst, repoID, triggerID, "legacy-renamed"
		return a.UpdateRepoTrigger(q)
	})
	h.typed("ListRepoTrigger", "lists triggers", ok, func() (r, error) {
		q := cr_ee.CreateListRepoTriggerRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.RepoId = inst, repoID
		return a.ListRepoTrigger(q)
	})
	h.typed("DeleteRepoTrigger", "deletes the trigger", ok, func() (r, error) {
		q := cr_ee.CreateDeleteRepoTriggerRequest()
		prep(q.RpcRequest, region)
		q.InstanceId, q.RepoId, q.TriggerId = inst, repoID, triggerID
		return a.DeleteRepoTrigger(q)
	})
}
