package main

import (
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cr_ee"
)

// legacyClient is the older SDK's client; each request names the regional host itself (prep).
func (h *harness) legacyClient(region, key, secret string) *cr_ee.Client {
	id := region + " " + key
	if c, ok := h.legacy[id]; ok {
		return c
	}
	c, err := cr_ee.NewClientWithAccessKey(region, key, secret)
	if err != nil {
		fail(err)
	}
	c.SetHttpProxy(h.rec.URL)
	if h.legacy == nil {
		h.legacy = map[string]*cr_ee.Client{}
	}
	h.legacy[id] = c
	return c
}

// prep addresses a request to cr.<region>.aliyuncs.com over http, as production does over https.
func prep(r *requests.RpcRequest, region string) {
	r.Scheme = "http"
	r.Domain = "cr." + region + ".aliyuncs.com"
}

// runLegacy is run()'s scenario for the older SDK, which lacks GetRepoTag, CreateRepoSyncTask,
// CancelRepoSyncTask and the artifact lifecycle actions; a manual copy comes from a rule instead.
func (h *harness) runLegacy() {
	cfg := h.cfg
	aR, bR := cfg.A.Region, cfg.B.Region
	a := h.legacyClient(aR, cfg.A.AccessKey, cfg.A.Secret)
	aUser := h.legacyClient(aR, cfg.A.UserKey, cfg.A.UserSecret)
	inst := cfg.A.InstanceID

	for _, x := range []struct{ id, region, key, secret string }{
		{cfg.A.InstanceID, aR, cfg.A.AccessKey, cfg.A.Secret}, {cfg.A.OtherID, aR, cfg.A.AccessKey, cfg.A.Secret},
		{cfg.B.InstanceID, bR, cfg.B.AccessKey, cfg.B.Secret}, {cfg.B.OtherID, cfg.B.OtherRegion, cfg.B.AccessKey, cfg.B.Secret},
	} {
		c, id, region := h.legacyClient(x.region, x.key, x.secret), x.id, x.region
		h.typed("ListInstance", "lists the region's instances", ok, func() (r, error) {
			q := cr_ee.CreateListInstanceRequest()
			prep(q.RpcRequest, region)
			q.PageNo, q.PageSize = requests.NewInteger(1), requests.NewInteger(30)
			return c.ListInstance(q)
		})
		h.typed("GetInstance", "reads an instance", ok, func() (r, error) {
			q := cr_ee.CreateGetInstanceRequest()
			prep(q.RpcRequest, region)
			q.InstanceId = id
			return c.GetInstance(q)
		})
		h.typed("GetInstanceEndpoint", "reads the internet endpoint", ok, func() (r, error) {
			q := cr_ee.CreateGetInstanceEndpointRequest()
			prep(q.RpcRequest, region)
			q.InstanceId, q.EndpointType, q.ModuleName = id, "internet", "Registry"
			return c.GetInstanceEndpoint(q)
		})
		h.typed("GetInstanceUsage", "reads quota and usage", ok, func() (r, error) {
			q := cr_ee.CreateGetInstanceUsageRequest()
			prep(q.RpcRequest, region)
			q.InstanceId = id
			return c.GetInstanceUsage(q)
		})
	}

	ns := "legacy"
	h.typed("CreateNamespace", "creates a namespace", ok, func() (r, error) {
		q := cr_ee.CreateCreateNamespaceRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.NamespaceName, q.AutoCreateRepo, q.DefaultRepoType = inst, ns, requests.NewBoolean(true), "PRIVATE"
		return a.CreateNamespace(q)
	})
	h.typed("CreateNamespace", "refuses a second namespace of the same name", "NAMESPACE_ALREADY_EXIST", func() (r, error) {
		q := cr_ee.CreateCreateNamespaceRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.NamespaceName = inst, ns
		return a.CreateNamespace(q)
	})
	h.typed("GetNamespace", "reads the namespace", ok, func() (r, error) {
		q := cr_ee.CreateGetNamespaceRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.NamespaceName = inst, ns
		return a.GetNamespace(q)
	})
	h.typed("UpdateNamespace", "turns AutoCreateRepo off", ok, func() (r, error) {
		q := cr_ee.CreateUpdateNamespaceRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.NamespaceName, q.AutoCreateRepo = inst, ns, requests.NewBoolean(false)
		return a.UpdateNamespace(q)
	})
	h.typed("ListNamespace", "lists namespaces", ok, func() (r, error) {
		q := cr_ee.CreateListNamespaceRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId = inst
		return a.ListNamespace(q)
	})
	h.typed("ListNamespace", "a RAM user without a policy is refused", "NoPrivilege", func() (r, error) {
		q := cr_ee.CreateListNamespaceRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId = inst
		return aUser.ListNamespace(q)
	})

	created := h.typed("CreateRepository", "creates a repository", ok, func() (r, error) {
		q := cr_ee.CreateCreateRepositoryRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoNamespaceName, q.RepoName, q.RepoType, q.Summary = inst, ns, "app", "PRIVATE", "legacy"
		return a.CreateRepository(q)
	})
	repoID := str(created, "RepoId")
	h.typed("GetRepository", "reads by ID", ok, func() (r, error) {
		q := cr_ee.CreateGetRepositoryRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoId = inst, repoID
		return a.GetRepository(q)
	})
	h.typed("UpdateRepository", "updates the summary", ok, func() (r, error) {
		q := cr_ee.CreateUpdateRepositoryRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoId, q.RepoType, q.Summary = inst, repoID, "PRIVATE", "changed"
		return a.UpdateRepository(q)
	})
	h.typed("ListRepository", "lists repositories", ok, func() (r, error) {
		q := cr_ee.CreateListRepositoryRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoStatus = inst, "ALL"
		return a.ListRepository(q)
	})
	seeded := h.typed("GetRepository", "reads the seeded repository", ok, func() (r, error) {
		q := cr_ee.CreateGetRepositoryRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoNamespaceName, q.RepoName = inst, cfg.SeededNamespace, cfg.SeededRepo
		return a.GetRepository(q)
	})
	seededID := str(seeded, "RepoId")
	h.typed("ListRepoTag", "lists tags", ok, func() (r, error) {
		q := cr_ee.CreateListRepoTagRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoId = inst, seededID
		return a.ListRepoTag(q)
	})
	h.typed("ResetLoginPassword", "sets the registry password", ok, func() (r, error) {
		q := cr_ee.CreateResetLoginPasswordRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.Password = inst, "Legacy-Pass-2026"
		return a.ResetLoginPassword(q)
	})
	h.typed("GetAuthorizationToken", "issues a temporary token", ok, func() (r, error) {
		q := cr_ee.CreateGetAuthorizationTokenRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId = inst
		return a.GetAuthorizationToken(q)
	})

	// This SDK's CreateRepoSyncRuleRequest has no TargetUserId, so it cannot make cross-account rules.
	rule := h.typed("CreateRepoSyncRule", "same-account, NAMESPACE scope, run by hand", ok, func() (r, error) {
		q := cr_ee.CreateCreateRepoSyncRuleRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.NamespaceName, q.SyncRuleName, q.SyncScope, q.SyncTrigger, q.TagFilter = inst, cfg.SeededNamespace, "legacy-to-basic", "NAMESPACE", "INITIATIVE", ".*"
		q.TargetInstanceId, q.TargetNamespaceName, q.TargetRegionId = cfg.A.OtherID, cfg.SeededNamespace, aR
		return a.CreateRepoSyncRule(q)
	})
	ruleID := str(rule, "SyncRuleId")
	h.typed("ListRepoSyncRule", "lists rules", ok, func() (r, error) {
		q := cr_ee.CreateListRepoSyncRuleRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId = inst
		return a.ListRepoSyncRule(q)
	})
	task := h.typed("CreateRepoSyncTaskByRule", "runs the rule for one tag", ok, func() (r, error) {
		q := cr_ee.CreateCreateRepoSyncTaskByRuleRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoId, q.SyncRuleId, q.Tag = inst, seededID, ruleID, cfg.Tags[0]
		return a.CreateRepoSyncTaskByRule(q)
	})
	readTask := func() (*cr_ee.GetRepoSyncTaskResponse, error) {
		q := cr_ee.CreateGetRepoSyncTaskRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.SyncTaskId = inst, str(task, "SyncTaskId")
		return a.GetRepoSyncTask(q)
	}
	h.typed("GetRepoSyncTask", "reads the task", ok, func() (r, error) { return readTask() })
	h.awaitTask(func() (string, error) {
		res, err := readTask()
		if err != nil {
			return "", err
		}
		return res.TaskStatus, nil
	})
	h.typed("GetRepoSyncTask", "reads the finished task, with its layer tasks", ok, func() (r, error) { return readTask() })
	h.typed("ListRepoSyncTask", "lists tasks", ok, func() (r, error) {
		q := cr_ee.CreateListRepoSyncTaskRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId = inst
		return a.ListRepoSyncTask(q)
	})
	h.typed("DeleteRepoSyncRule", "deletes the rule", ok, func() (r, error) {
		q := cr_ee.CreateDeleteRepoSyncRuleRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.SyncRuleId = inst, ruleID
		return a.DeleteRepoSyncRule(q)
	})
	h.legacyGovernance(a, aR, inst, seededID)
	h.typed("DeleteRepoTag", "deletes a tag", ok, func() (r, error) {
		q := cr_ee.CreateDeleteRepoTagRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoId, q.Tag = inst, seededID, cfg.Tags[len(cfg.Tags)-1]
		return a.DeleteRepoTag(q)
	})
	h.typed("DeleteRepoTag", "a deleted tag is not found", "TAG_NOT_EXIST", func() (r, error) {
		q := cr_ee.CreateDeleteRepoTagRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoId, q.Tag = inst, seededID, cfg.Tags[len(cfg.Tags)-1]
		return a.DeleteRepoTag(q)
	})
	h.typed("DeleteRepository", "deletes the repository", ok, func() (r, error) {
		q := cr_ee.CreateDeleteRepositoryRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.RepoId = inst, repoID
		return a.DeleteRepository(q)
	})
	h.typed("DeleteNamespace", "deletes the namespace", ok, func() (r, error) {
		q := cr_ee.CreateDeleteNamespaceRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.NamespaceName = inst, ns
		return a.DeleteNamespace(q)
	})
	h.typed("DeleteNamespace", "a deleted namespace is not found", "NAMESPACE_NOT_EXIST", func() (r, error) {
		q := cr_ee.CreateDeleteNamespaceRequest()
		prep(q.RpcRequest, aR)
		q.InstanceId, q.NamespaceName = inst, ns
		return a.DeleteNamespace(q)
	})

	h.errorSweep(cfg.Actions, h.sweepLegacy(seededID))
}
