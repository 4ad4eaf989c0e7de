package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync"
)

// recorder is the HTTP proxy the SDK is configured with (Config.HttpProxy). It forwards each
// request to the emulator unchanged, Host header included (so the emulator routes by the regional
// host the SDK addressed), and keeps the last raw response body: the SDK itself is not modified
// to expose what it decoded.
type recorder struct {
	mu       sync.Mutex
	lastBody []byte
	server   *http.Server
	URL      string
}

func startRecorder(emulator string) (*recorder, error) {
	target := &url.URL{Scheme: "http", Host: emulator}
	r := &recorder{}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme = target.Scheme
			pr.Out.URL.Host = target.Host
			pr.Out.Host = pr.In.Host
		},
		ModifyResponse: func(res *http.Response) error {
			body, err := io.ReadAll(res.Body)
			if err != nil {
				return err
			}
			res.Body.Close()
			r.mu.Lock()
			r.lastBody = body
			r.mu.Unlock()
			res.Body = io.NopCloser(bytes.NewReader(body))
			return nil
		},
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r.server = &http.Server{Handler: proxy}
	r.URL = "http://" + listener.Addr().String()
	go r.server.Serve(listener)
	return r, nil
}

// take returns the body of the last response and forgets it.
func (r *recorder) take() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	body := r.lastBody
	r.lastBody = nil
	return body
}
