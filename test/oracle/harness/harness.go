package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"

	cr "github.com/alibabacloud-go/cr-20181201/v2/client"
	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	util "github.com/alibabacloud-go/tea-utils/v2/service"
	"github.com/alibabacloud-go/tea/tea"
	legacyerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cr_ee"
)

// call is one SDK call and what the oracle saw.
type call struct {
	Action     string   `json:"action"`
	Case       string   `json:"case"`
	Expected   string   `json:"expected"` // "success" or the error code the case is about
	Outcome    string   `json:"outcome"`  // "success" or the code that came back
	Status     int      `json:"status"`
	RequestID  string   `json:"requestId"`
	Typed      bool     `json:"typed"` // false where v2.5.0 has no method (generic CallApi)
	DecodeOK   bool     `json:"decodeOk"`
	DecodeErr  string   `json:"decodeError,omitempty"`
	Invented   []string `json:"invented"`
	Mismatches []string `json:"mismatches"`
	filled     []string
	paths      []string
}

type harness struct {
	cfg     config
	rec     *recorder
	clients map[string]*cr.Client
	legacy  map[string]*cr_ee.Client
	calls   []call
}

// client is the official client for one region and key pair, addressed to cr.<region>.aliyuncs.com
// like production; only Protocol and HttpProxy (the recorder, which forwards to the emulator) differ.
func (h *harness) client(region, key, secret string) *cr.Client {
	id := region + " " + key
	if c, ok := h.clients[id]; ok {
		return c
	}
	c, err := cr.NewClient(&openapi.Config{
		AccessKeyId:     tea.String(key),
		AccessKeySecret: tea.String(secret),
		RegionId:        tea.String(region),
		Endpoint:        tea.String("cr." + region + ".aliyuncs.com"),
		Protocol:        tea.String("HTTP"),
		HttpProxy:       tea.String(h.rec.URL),
	})
	if err != nil {
		fail(err)
	}
	if h.clients == nil {
		h.clients = map[string]*cr.Client{}
	}
	h.clients[id] = c
	return c
}

// typed runs one typed SDK method and checks the response against its struct. It returns the
// decoded body (nil on an error answer) so a scenario can carry IDs forward.
func (h *harness) typed(action, caseName, expected string, invoke func() (interface{}, error)) map[string]interface{} {
	resp, err := invoke()
	raw := h.rec.take()
	c := call{Action: action, Case: caseName, Expected: expected, Typed: true, Invented: []string{}, Mismatches: []string{}}
	if err != nil {
		h.sdkError(&c, err)
		h.calls = append(h.calls, c)
		return nil
	}
	c.DecodeOK = true
	c.Status = 200
	// The darabonba SDK wraps the body in a Body field; the older SDK's response struct is the body.
	body := reflect.ValueOf(resp).Elem().FieldByName("Body")
	if !body.IsValid() {
		body = reflect.ValueOf(resp)
	}
	var parsed map[string]interface{}
	if jerr := json.Unmarshal(raw, &parsed); jerr != nil {
		c.DecodeOK, c.DecodeErr = false, "raw body is not a JSON object: "+jerr.Error()
	}
	// encoding/json is stricter than the SDK's converter about kinds: a second, independent decode.
	if jerr := json.Unmarshal(raw, reflect.New(body.Type().Elem()).Interface()); jerr != nil {
		c.DecodeOK, c.DecodeErr = false, jerr.Error()
	}
	diff := &fieldDiff{}
	diff.walk("", body.Type(), parsed)
	c.Invented, c.Mismatches, c.filled = nonNil(diff.Invented), nonNil(diff.Mismatches), diff.Filled
	c.paths = structPaths("", body.Type(), 0)
	c.Outcome, _ = parsed["Code"].(string)
	if c.Outcome == "" {
		c.Outcome = "success"
	}
	c.RequestID, _ = parsed["RequestId"].(string)
	h.calls = append(h.calls, c)
	return parsed
}

// generic calls an action the SDK version has no method for, through its CallApi (the path every
// typed method takes), and checks only the envelope.
func (h *harness) generic(client *cr.Client, action, caseName, expected string, query map[string]*string) {
	params := &openapi.Params{Action: tea.String(action), Version: tea.String("2018-12-01"), Protocol: tea.String("HTTPS"), Pathname: tea.String("/"),
		Method: tea.String("POST"), AuthType: tea.String("AK"), Style: tea.String("RPC"), ReqBodyType: tea.String("formData"), BodyType: tea.String("json")}
	res, err := client.CallApi(params, &openapi.OpenApiRequest{Query: query}, &util.RuntimeOptions{})
	h.rec.take()
	c := call{Action: action, Case: caseName, Expected: expected, Invented: []string{}, Mismatches: []string{}}
	if err != nil {
		h.sdkError(&c, err)
	} else {
		body, _ := res["body"].(map[string]interface{})
		c.DecodeOK, c.Status = true, 200
		c.Outcome, _ = body["Code"].(string)
		c.RequestID, _ = body["RequestId"].(string)
	}
	h.calls = append(h.calls, c)
}

// sdkError reads what tea.SDKError exposes: the code, status and the body it carries as Data.
func (h *harness) sdkError(c *call, err error) {
	if legacy, ok := err.(*legacyerrors.ServerError); ok {
		c.DecodeOK = true
		c.Outcome, c.Status, c.RequestID = legacy.ErrorCode(), legacy.HttpStatus(), legacy.RequestId()
		return
	}
	sdk, ok := err.(*tea.SDKError)
	if !ok {
		c.DecodeErr = err.Error()
		return
	}
	c.DecodeOK = true
	c.Outcome = tea.StringValue(sdk.Code)
	c.Status = tea.IntValue(sdk.StatusCode)
	var data map[string]interface{}
	_ = json.Unmarshal([]byte(tea.StringValue(sdk.Data)), &data)
	c.RequestID, _ = data["RequestId"].(string)
}

// faults sets (or with nil clears) the emulator's fault rules through its admin endpoint.
func (h *harness) faults(rules interface{}) {
	body, _ := json.Marshal(rules)
	method := http.MethodPut
	if rules == nil {
		method, body = http.MethodDelete, nil
	}
	req, _ := http.NewRequest(method, "http://"+h.cfg.Emulator+"/__emulator/faults", bytes.NewReader(body))
	req.Header.Set("content-type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fail(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		fail(fmt.Errorf("faults: HTTP %d", res.StatusCode))
	}
}

type actionSummary struct {
	Calls      int      `json:"calls"`
	Typed      bool     `json:"typed"`
	DecodeOK   int      `json:"decodeOk"`
	Invented   []string `json:"invented"`
	Missing    []string `json:"missing"`
	Mismatches []string `json:"mismatches"`
	Cases      []string `json:"cases"`
	// Fields are the struct's json paths, so another family's report can be compared with this one.
	Fields []string `json:"fields"`
}

type report struct {
	Calls   []call                    `json:"calls"`
	Actions map[string]*actionSummary `json:"actions"`
}

func (h *harness) report() report {
	actions := map[string]*actionSummary{}
	filled := map[string]map[string]bool{}
	paths := map[string][]string{}
	for _, c := range h.calls {
		s := actions[c.Action]
		if s == nil {
			s = &actionSummary{Typed: c.Typed, Invented: []string{}, Missing: []string{}, Mismatches: []string{}, Cases: []string{}, Fields: []string{}}
			actions[c.Action] = s
			filled[c.Action] = map[string]bool{}
		}
		s.Calls++
		if c.DecodeOK {
			s.DecodeOK++
		}
		s.Invented = union(s.Invented, c.Invented)
		s.Mismatches = union(s.Mismatches, c.Mismatches)
		s.Cases = union(s.Cases, []string{c.Case})
		for _, p := range c.filled {
			filled[c.Action][p] = true
		}
		if c.paths != nil && c.Outcome == "success" {
			paths[c.Action] = c.paths
		}
	}
	for action, all := range paths {
		actions[action].Fields = all
		for _, p := range all {
			if !filled[action][p] {
				actions[action].Missing = append(actions[action].Missing, p)
			}
		}
	}
	return report{Calls: h.calls, Actions: actions}
}

func union(a, b []string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, s := range append(append([]string{}, a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
