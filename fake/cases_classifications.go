package fake

import (
	"net/http"
	"strconv"
	"strings"

	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit/cases"
)

// caseClassifications is the fake's catalogue of case classifications:
// Google Workspace topics in Google's "Technical Issue > Gmail" form. It is
// illustrative: Google publishes neither its Workspace classifications nor
// their IDs (a real ID is an opaque string valid for at least six months);
// these are the fake's own, in the order caseClassifications.search
// answers them.
var caseClassifications = []cases.Category{
	{ID: "100100", Name: "Technical Issue > Gmail"},
	{ID: "100101", Name: "Technical Issue > Gmail > Mail delivery"},
	{ID: "100102", Name: "Technical Issue > Gmail > Authentication"},
	{ID: "100110", Name: "Technical Issue > Calendar"},
	{ID: "100111", Name: "Technical Issue > Calendar > Invitations"},
	{ID: "100112", Name: "Technical Issue > Calendar > Resources"},
	{ID: "100120", Name: "Technical Issue > Drive"},
	{ID: "100121", Name: "Technical Issue > Drive > Sync"},
	{ID: "100122", Name: "Technical Issue > Drive > Sharing"},
	{ID: "100130", Name: "Technical Issue > Meet"},
	{ID: "100131", Name: "Technical Issue > Meet > Recordings"},
	{ID: "100140", Name: "Technical Issue > Chat > Delivery"},
	{ID: "100150", Name: "Technical Issue > Docs > Performance"},
	{ID: "100160", Name: "Technical Issue > Groups > Delivery"},
	{ID: "100170", Name: "Technical Issue > Domains > DNS"},
	{ID: "100180", Name: "Technical Issue > Mobile > Sync"},
	{ID: "100190", Name: "Technical Issue > Storage > Quota"},
	{ID: "100200", Name: "Technical Issue > Migration > Data migration service"},
	{ID: "100210", Name: "Technical Issue > Vault > Exports"},
	{ID: "100220", Name: "Technical Issue > Security > Single sign-on"},
	{ID: "100221", Name: "Technical Issue > Security > Account recovery"},
	{ID: "100222", Name: "Technical Issue > Security > Alerts"},
	{ID: "100230", Name: "Technical Issue > Admin console"},
	{ID: "100300", Name: "Billing > Invoices"},
	{ID: "100310", Name: "Billing > Subscriptions and licenses"},
}

// classificationOf finds a classification of the catalogue by ID, or, when
// the ID is empty, by display name (any case), as [World.AddCases] takes
// them; the Server's cases.create requires the ID, as Google does.
func classificationOf(c cases.Category) (cases.Category, bool) {
	for _, cl := range caseClassifications {
		if (c.ID != "" && cl.ID == c.ID) || (c.ID == "" && strings.EqualFold(cl.Name, strings.TrimSpace(c.Name))) {
			return cl, true
		}
	}
	return cases.Category{}, false
}

// routeCaseClassifications serves caseClassifications.search.
func (s *Server) routeCaseClassifications(mux *http.ServeMux) {
	s.handle(mux, "GET /v2/caseClassifications:search", "cloudsupport.caseClassifications.search", func(r *http.Request, _ string) (any, *apiError) {
		match, e := parseClassificationQuery(r.URL.Query().Get("query"))
		if e != nil {
			return nil, e
		}
		size, token, e := pageParams(r)
		if e != nil {
			return nil, e
		}
		return searchClassifications(r.URL.Query().Get("query"), match, size, token)
	})
}

// parseClassificationQuery reads the one filter the fake understands,
// display_name with ":" (a pattern where * matches anything, as in
// Google's example display_name:"*Compute Engine*") or "=", both ignoring
// case; "" matches every classification.
func parseClassificationQuery(q string) (func(name string) bool, *apiError) {
	q = strings.TrimSpace(q)
	if q == "" {
		return func(string) bool { return true }, nil
	}
	rest, ok := strings.CutPrefix(q, "display_name")
	if !ok || rest == "" || (rest[0] != ':' && rest[0] != '=') {
		return nil, errInvalid("query %q: the fake supports display_name:\"*pattern*\" and display_name=\"name\" only", q)
	}
	v, err := strconv.Unquote(strings.TrimSpace(rest[1:]))
	if err != nil {
		return nil, errInvalid("query %q: quote the display name", q)
	}
	v = strings.ToLower(v)
	if rest[0] == '=' {
		return func(name string) bool { return strings.ToLower(name) == v }, nil
	}
	return func(name string) bool { return wildcard(v, strings.ToLower(name)) }, nil
}

// wildcard reports whether s matches pattern, where * matches any run of
// characters and everything else itself.
func wildcard(pattern, s string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return s == pattern
	}
	first, last := parts[0], parts[len(parts)-1]
	if !strings.HasPrefix(s, first) {
		return false
	}
	s = s[len(first):]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}

// searchClassifications answers one page of the catalogue's matches; the
// token is the index of the next classification.
func searchClassifications(query string, match func(string) bool, size int, token string) (*cloudsupport.SearchCaseClassificationsResponse, *apiError) {
	var hits []cases.Category
	for _, cl := range caseClassifications {
		if match(cl.Name) {
			hits = append(hits, cl)
		}
	}
	qh := queryHash("caseClassifications", query)
	start := 0
	if token != "" {
		v, e := decodePageToken(token, qh)
		if e != nil {
			return nil, e
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > len(hits) {
			return nil, errInvalid("invalid page token")
		}
		start = n
	}
	end := min(start+size, len(hits))
	out := &cloudsupport.SearchCaseClassificationsResponse{}
	for _, cl := range hits[start:end] {
		out.CaseClassifications = append(out.CaseClassifications, &cloudsupport.CaseClassification{Id: cl.ID, DisplayName: cl.Name})
	}
	if end < len(hits) {
		out.NextPageToken = encodePageToken(qh, strconv.Itoa(end))
	}
	return out, nil
}
