package serve

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// ContentSecurityPolicy is sent with every response: only the server's own
// scripts, styles and images (and data: images), no inline code, no
// framing, no base or foreign form targets.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// MaxBody is the largest request body accepted.
const MaxBody = 1 << 20

// NewToken returns a fresh random token (32 bytes from crypto/rand, hex).
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// IsLoopback reports whether host (a name or address, without port) is
// the loopback interface.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// allowedHosts are the Host headers accepted for a server bound to addr
// (host:port): the address itself, and localhost:PORT when bound to
// loopback. Anything else is a DNS-rebinding attempt (a foreign name
// pointed at 127.0.0.1) and is refused.
func allowedHosts(addr string) map[string]bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return map[string]bool{strings.ToLower(addr): true}
	}
	hosts := map[string]bool{strings.ToLower(net.JoinHostPort(host, port)): true}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		// Bound to every interface: each interface's address is ours.
		addrs, _ := net.InterfaceAddrs()
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				hosts[net.JoinHostPort(n.IP.String(), port)] = true
			}
		}
		host = "localhost"
	}
	if IsLoopback(host) {
		for _, h := range []string{"localhost", "127.0.0.1", "::1"} {
			hosts[net.JoinHostPort(h, port)] = true
		}
	}
	return hosts
}

func (s *Server) cookieName() string {
	_, port, _ := net.SplitHostPort(s.addr)
	// Cookies are not separated by port: two servers on one machine get
	// a cookie each.
	return "grounded_token_" + port
}

func (s *Server) tokenOK(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}

// guard applies the security rules to every request before h sees it:
// headers, Host, token, Origin and the body limit.
func (s *Server) guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", ContentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cache-Control", "no-store")
		if !s.hosts[strings.ToLower(r.Host)] {
			writeError(w, &Error{Kind: KindForbidden, Msg: "this server answers only to " + s.addr + " (Host " + r.Host + " refused)"})
			return
		}
		if !s.authorized(w, r) {
			return
		}
		if !safeMethod(r.Method) && !s.sameOrigin(r) {
			writeError(w, &Error{Kind: KindForbidden, Msg: "request from a foreign origin refused"})
			return
		}
		if r.ContentLength > MaxBody {
			writeError(w, &Error{Kind: KindTooLarge, Msg: "request body over 1 MB"})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		h.ServeHTTP(w, r)
	})
}

// authorized checks the token: a Bearer header, the cookie, or ?token= on
// a page load (which sets the cookie and redirects to the address without
// the token, so it does not stay in the browser's history).
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if a := r.Header.Get("Authorization"); a != "" {
		if tok, ok := strings.CutPrefix(a, "Bearer "); ok && s.tokenOK(tok) {
			return true
		}
		writeError(w, &Error{Kind: KindForbidden, Msg: "wrong token"})
		return false
	}
	if tok := r.URL.Query().Get("token"); tok != "" {
		if !s.tokenOK(tok) {
			writeError(w, &Error{Kind: KindForbidden, Msg: "wrong token: use the address 'serve' printed"})
			return false
		}
		http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		if r.Method == http.MethodGet && !strings.HasPrefix(r.URL.Path, "/api/") {
			u := *r.URL
			q := u.Query()
			q.Del("token")
			u.RawQuery = q.Encode()
			http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
			return false
		}
		return true
	}
	if c, err := r.Cookie(s.cookieName()); err == nil && s.tokenOK(c.Value) {
		return true
	}
	writeError(w, &Error{Kind: KindForbidden, Msg: "a token is needed: open the address 'serve' printed"})
	return false
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// sameOrigin accepts a state-changing request when its Origin (or, without
// one, its Referer) is this server, or when it has neither (a script with
// the Bearer token; a browser always sends Origin on a POST).
func (s *Server) sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	o := r.Header.Get("Origin")
	if o == "" {
		o = r.Header.Get("Referer")
	}
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || u.Scheme != "http" {
		return false
	}
	return s.hosts[strings.ToLower(u.Host)]
}
