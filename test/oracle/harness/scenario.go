package main

import (
	cr "github.com/alibabacloud-go/cr-20181201/v2/client"
	"github.com/alibabacloud-go/tea/tea"
)

const ok = "success"

type r = interface{}

// run is the sequence a team's tooling goes through, then each action's error paths.
func (h *harness) run() {
	cfg := h.cfg
	a := h.client(cfg.A.Region, cfg.A.AccessKey, cfg.A.Secret)
	aUser := h.client(cfg.A.Region, cfg.A.UserKey, cfg.A.UserSecret)
	b := h.client(cfg.B.Region, cfg.B.AccessKey, cfg.B.Secret)
	bOther := h.client(cfg.B.OtherRegion, cfg.B.AccessKey, cfg.B.Secret)
	inst := tea.String(cfg.A.InstanceID)

	// Instances, in every seeded region, each reached by its regional host.
	for _, x := range []struct {
		c          *cr.Client
		id, region string
	}{{a, cfg.A.InstanceID, cfg.A.Region}, {a, cfg.A.OtherID, cfg.A.Region}, {b, cfg.B.InstanceID, cfg.B.Region}, {bOther, cfg.B.OtherID, cfg.B.OtherRegion}} {
		c, id := x.c, tea.String(x.id)
		h.typed("ListInstance", "lists the region's instances", ok, func() (r, error) {
			return c.ListInstance(&cr.ListInstanceRequest{PageNo: tea.Int32(1), PageSize: tea.Int32(30)})
		})
		h.typed("GetInstance", "reads an instance", ok, func() (r, error) { return c.GetInstance(&cr.GetInstanceRequest{InstanceId: id}) })
		h.typed("GetInstanceEndpoint", "reads the internet endpoint", ok, func() (r, error) {
			return c.GetInstanceEndpoint(&cr.GetInstanceEndpointRequest{InstanceId: id, EndpointType: tea.String("internet"), ModuleName: tea.String("Registry")})
		})
		h.typed("GetInstanceUsage", "reads quota and usage", ok, func() (r, error) { return c.GetInstanceUsage(&cr.GetInstanceUsageRequest{InstanceId: id}) })
	}
	h.typed("GetInstance", "an instance of another region is not found through this region's host", "INSTANCE_NOT_EXIST", func() (r, error) {
		return a.GetInstance(&cr.GetInstanceRequest{InstanceId: tea.String(cfg.B.InstanceID)})
	})

	// Namespaces.
	ns := tea.String("oracle")
	h.typed("CreateNamespace", "creates a namespace", ok, func() (r, error) {
		return a.CreateNamespace(&cr.CreateNamespaceRequest{InstanceId: inst, NamespaceName: ns, AutoCreateRepo: tea.Bool(true), DefaultRepoType: tea.String("PRIVATE")})
	})
	h.typed("CreateNamespace", "refuses a second namespace of the same name", "NAMESPACE_ALREADY_EXIST", func() (r, error) {
		return a.CreateNamespace(&cr.CreateNamespaceRequest{InstanceId: inst, NamespaceName: ns})
	})
	h.typed("CreateNamespace", "refuses an invalid name", "NAMESPACE_NAME_INVALID", func() (r, error) {
		return a.CreateNamespace(&cr.CreateNamespaceRequest{InstanceId: inst, NamespaceName: tea.String("Bad_Name!")})
	})
	h.typed("GetNamespace", "reads the namespace", ok, func() (r, error) { return a.GetNamespace(&cr.GetNamespaceRequest{InstanceId: inst, NamespaceName: ns}) })
	h.typed("GetNamespace", "a missing namespace is not found", "NAMESPACE_NOT_EXIST", func() (r, error) {
		return a.GetNamespace(&cr.GetNamespaceRequest{InstanceId: inst, NamespaceName: tea.String("ghost")})
	})
	h.typed("UpdateNamespace", "turns AutoCreateRepo off", ok, func() (r, error) {
		return a.UpdateNamespace(&cr.UpdateNamespaceRequest{InstanceId: inst, NamespaceName: ns, AutoCreateRepo: tea.Bool(false), DefaultRepoType: tea.String("PUBLIC")})
	})
	h.typed("ListNamespace", "lists namespaces", ok, func() (r, error) {
		return a.ListNamespace(&cr.ListNamespaceRequest{InstanceId: inst, PageNo: tea.Int32(1), PageSize: tea.Int32(30)})
	})
	h.typed("ListNamespace", "a RAM user without a policy is refused", "NoPrivilege", func() (r, error) {
		return aUser.ListNamespace(&cr.ListNamespaceRequest{InstanceId: inst})
	})
	h.faults(map[string]r{"actions": map[string]r{"ListNamespace": map[string]r{"throttleRate": 1}}})
	h.typed("ListNamespace", "a throttled call", "Throttling.User", func() (r, error) { return a.ListNamespace(&cr.ListNamespaceRequest{InstanceId: inst}) })
	h.faults(nil)

	// Repositories.
	repo := tea.String("app")
	created := h.typed("CreateRepository", "creates a repository", ok, func() (r, error) {
		return a.CreateRepository(&cr.CreateRepositoryRequest{InstanceId: inst, RepoNamespaceName: ns, RepoName: repo, RepoType: tea.String("PRIVATE"), Summary: tea.String("oracle"), Detail: tea.String("d"), TagImmutability: tea.Bool(false)})
	})
	repoID := tea.String(str(created, "RepoId"))
	h.typed("CreateRepository", "refuses a duplicate", "REPO_ALREADY_EXIST", func() (r, error) {
		return a.CreateRepository(&cr.CreateRepositoryRequest{InstanceId: inst, RepoNamespaceName: ns, RepoName: repo, RepoType: tea.String("PRIVATE"), Summary: tea.String("s")})
	})
	h.typed("CreateRepository", "refuses an invalid name", "REPO_NAME_INVALID", func() (r, error) {
		return a.CreateRepository(&cr.CreateRepositoryRequest{InstanceId: inst, RepoNamespaceName: ns, RepoName: tea.String("Bad Name"), RepoType: tea.String("PRIVATE"), Summary: tea.String("s")})
	})
	h.typed("GetRepository", "reads by namespace and name", ok, func() (r, error) {
		return a.GetRepository(&cr.GetRepositoryRequest{InstanceId: inst, RepoNamespaceName: ns, RepoName: repo})
	})
	h.typed("GetRepository", "reads by ID", ok, func() (r, error) { return a.GetRepository(&cr.GetRepositoryRequest{InstanceId: inst, RepoId: repoID}) })
	h.typed("GetRepository", "a missing repository is not found", "REPO_NOT_EXIST", func() (r, error) {
		return a.GetRepository(&cr.GetRepositoryRequest{InstanceId: inst, RepoNamespaceName: ns, RepoName: tea.String("ghost")})
	})
	h.typed("UpdateRepository", "updates summary and immutability", ok, func() (r, error) {
		return a.UpdateRepository(&cr.UpdateRepositoryRequest{InstanceId: inst, RepoId: repoID, RepoType: tea.String("PRIVATE"), Summary: tea.String("changed"), TagImmutability: tea.Bool(true)})
	})
	h.typed("ListRepository", "lists a namespace's repositories", ok, func() (r, error) {
		return a.ListRepository(&cr.ListRepositoryRequest{InstanceId: inst, RepoNamespaceName: ns, RepoStatus: tea.String("ALL"), PageNo: tea.Int32(1), PageSize: tea.Int32(30)})
	})

	// Tags, on the repository the test pushed images to.
	seeded := h.typed("GetRepository", "reads the seeded repository", ok, func() (r, error) {
		return a.GetRepository(&cr.GetRepositoryRequest{InstanceId: inst, RepoNamespaceName: tea.String(cfg.SeededNamespace), RepoName: tea.String(cfg.SeededRepo)})
	})
	seededID := tea.String(str(seeded, "RepoId"))
	h.typed("ListRepoTag", "lists tags", ok, func() (r, error) {
		return a.ListRepoTag(&cr.ListRepoTagRequest{InstanceId: inst, RepoId: seededID, PageNo: tea.Int32(1), PageSize: tea.Int32(30)})
	})
	h.typed("GetRepoTag", "reads a tag", ok, func() (r, error) {
		return a.GetRepoTag(&cr.GetRepoTagRequest{InstanceId: inst, RepoId: seededID, Tag: tea.String(cfg.Tags[0])})
	})
	h.typed("GetRepoTag", "a missing tag is not found", "TAG_NOT_EXIST", func() (r, error) {
		return a.GetRepoTag(&cr.GetRepoTagRequest{InstanceId: inst, RepoId: seededID, Tag: tea.String("ghost")})
	})

	// Credentials.
	h.typed("ResetLoginPassword", "sets the registry password", ok, func() (r, error) {
		return a.ResetLoginPassword(&cr.ResetLoginPasswordRequest{InstanceId: inst, Password: tea.String("Oracle-Pass-2026")})
	})
	h.typed("ResetLoginPassword", "refuses a weak password", "PASSWORD_INVALID", func() (r, error) {
		return a.ResetLoginPassword(&cr.ResetLoginPasswordRequest{InstanceId: inst, Password: tea.String("short")})
	})
	h.typed("GetAuthorizationToken", "issues a temporary token", ok, func() (r, error) { return a.GetAuthorizationToken(&cr.GetAuthorizationTokenRequest{InstanceId: inst}) })
	h.typed("GetAuthorizationToken", "a RAM user without a policy is refused", "NoPrivilege", func() (r, error) {
		return aUser.GetAuthorizationToken(&cr.GetAuthorizationTokenRequest{InstanceId: inst})
	})

	h.replication(a, inst, seededID)
	h.governance(a, inst, seededID)

	// Deletes, and deleting twice.
	h.typed("DeleteRepoTag", "deletes a tag", ok, func() (r, error) {
		return a.DeleteRepoTag(&cr.DeleteRepoTagRequest{InstanceId: inst, RepoId: seededID, Tag: tea.String(cfg.Tags[len(cfg.Tags)-1])})
	})
	h.typed("DeleteRepoTag", "a deleted tag is not found", "TAG_NOT_EXIST", func() (r, error) {
		return a.DeleteRepoTag(&cr.DeleteRepoTagRequest{InstanceId: inst, RepoId: seededID, Tag: tea.String(cfg.Tags[len(cfg.Tags)-1])})
	})
	h.typed("DeleteRepository", "deletes the repository", ok, func() (r, error) {
		return a.DeleteRepository(&cr.DeleteRepositoryRequest{InstanceId: inst, RepoId: repoID})
	})
	h.typed("DeleteRepository", "a deleted repository is not found", "REPO_NOT_EXIST", func() (r, error) {
		return a.DeleteRepository(&cr.DeleteRepositoryRequest{InstanceId: inst, RepoId: repoID})
	})
	h.typed("DeleteNamespace", "deletes the namespace", ok, func() (r, error) {
		return a.DeleteNamespace(&cr.DeleteNamespaceRequest{InstanceId: inst, NamespaceName: ns})
	})
	h.typed("DeleteNamespace", "a deleted namespace is not found", "NAMESPACE_NOT_EXIST", func() (r, error) {
		return a.DeleteNamespace(&cr.DeleteNamespaceRequest{InstanceId: inst, NamespaceName: ns})
	})

	h.errorSweep(cfg.Actions, h.sweepDarabonba(*seededID))
}

func str(body map[string]interface{}, key string) string {
	s, _ := body[key].(string)
	return s
}
