package main

import (
	"reflect"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cr_ee"
)

// legacyRequests are the older SDK's own request constructors for the actions it has.
var legacyRequests = map[string]func() interface{}{
	"CreateInstanceEndpointAclPolicy": func() interface{} { return cr_ee.CreateCreateInstanceEndpointAclPolicyRequest() },
	"CreateNamespace":                 func() interface{} { return cr_ee.CreateCreateNamespaceRequest() },
	"CreateRepoSyncRule":              func() interface{} { return cr_ee.CreateCreateRepoSyncRuleRequest() },
	"CreateRepoSyncTaskByRule":        func() interface{} { return cr_ee.CreateCreateRepoSyncTaskByRuleRequest() },
	"CreateRepoTrigger":               func() interface{} { return cr_ee.CreateCreateRepoTriggerRequest() },
	"CreateRepository":                func() interface{} { return cr_ee.CreateCreateRepositoryRequest() },
	"DeleteInstanceEndpointAclPolicy": func() interface{} { return cr_ee.CreateDeleteInstanceEndpointAclPolicyRequest() },
	"DeleteNamespace":                 func() interface{} { return cr_ee.CreateDeleteNamespaceRequest() },
	"DeleteRepoSyncRule":              func() interface{} { return cr_ee.CreateDeleteRepoSyncRuleRequest() },
	"DeleteRepoTag":                   func() interface{} { return cr_ee.CreateDeleteRepoTagRequest() },
	"DeleteRepoTrigger":               func() interface{} { return cr_ee.CreateDeleteRepoTriggerRequest() },
	"DeleteRepository":                func() interface{} { return cr_ee.CreateDeleteRepositoryRequest() },
	"GetAuthorizationToken":           func() interface{} { return cr_ee.CreateGetAuthorizationTokenRequest() },
	"GetInstance":                     func() interface{} { return cr_ee.CreateGetInstanceRequest() },
	"GetInstanceEndpoint":             func() interface{} { return cr_ee.CreateGetInstanceEndpointRequest() },
	"GetInstanceUsage":                func() interface{} { return cr_ee.CreateGetInstanceUsageRequest() },
	"GetInstanceVpcEndpoint":          func() interface{} { return cr_ee.CreateGetInstanceVpcEndpointRequest() },
	"GetNamespace":                    func() interface{} { return cr_ee.CreateGetNamespaceRequest() },
	"GetRepoSyncTask":                 func() interface{} { return cr_ee.CreateGetRepoSyncTaskRequest() },
	"GetRepository":                   func() interface{} { return cr_ee.CreateGetRepositoryRequest() },
	"ListInstance":                    func() interface{} { return cr_ee.CreateListInstanceRequest() },
	"ListInstanceEndpoint":            func() interface{} { return cr_ee.CreateListInstanceEndpointRequest() },
	"ListNamespace":                   func() interface{} { return cr_ee.CreateListNamespaceRequest() },
	"ListRepoSyncRule":                func() interface{} { return cr_ee.CreateListRepoSyncRuleRequest() },
	"ListRepoSyncTask":                func() interface{} { return cr_ee.CreateListRepoSyncTaskRequest() },
	"ListRepoTag":                     func() interface{} { return cr_ee.CreateListRepoTagRequest() },
	"ListRepoTrigger":                 func() interface{} { return cr_ee.CreateListRepoTriggerRequest() },
	"ListRepository":                  func() interface{} { return cr_ee.CreateListRepositoryRequest() },
	"ResetLoginPassword":              func() interface{} { return cr_ee.CreateResetLoginPasswordRequest() },
	"UpdateInstanceEndpointStatus":    func() interface{} { return cr_ee.CreateUpdateInstanceEndpointStatusRequest() },
	"UpdateNamespace":                 func() interface{} { return cr_ee.CreateUpdateNamespaceRequest() },
	"UpdateRepoTrigger":               func() interface{} { return cr_ee.CreateUpdateRepoTriggerRequest() },
	"UpdateRepository":                func() interface{} { return cr_ee.CreateUpdateRepositoryRequest() },
}

// sweepLegacy is errorSweep's call for services/cr_ee: the typed method of the action's name with
// the SDK's own request; actions the older SDK lacks are not its to judge.
func (h *harness) sweepLegacy(seededRepoID string) func(string, bool) {
	cfg := h.cfg
	clients := map[bool]*cr_ee.Client{true: h.legacyClient(cfg.A.Region, cfg.A.UserKey, cfg.A.UserSecret), false: h.legacyClient(cfg.A.Region, cfg.A.AccessKey, cfg.A.Secret)}
	return func(action string, asUser bool) {
		create, has := legacyRequests[action]
		if !has {
			return
		}
		caseName, expected := sweepCase(asUser)
		h.typed(action, caseName, expected, func() (r, error) {
			request := reflect.ValueOf(create())
			prep(request.Elem().FieldByName("RpcRequest").Interface().(*requests.RpcRequest), cfg.A.Region)
			h.setSweepFields(request, reflect.TypeOf(""), seededRepoID, func(v string) reflect.Value { return reflect.ValueOf(v) })
			return callMethod(reflect.ValueOf(clients[asUser]).MethodByName(action), request)
		})
	}
}
