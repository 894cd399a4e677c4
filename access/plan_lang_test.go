package access_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
)

var placeholder = regexp.MustCompile(`%(\[\d+\])?[a-zA-Z%]`)

// TestPlanCatalogue checks the plan's catalogue: every key has a text in
// each of the six languages, with the same placeholders, each explicit
// (%[1]s) so a language may reorder them.
func TestPlanCatalogue(t *testing.T) {
	t.Parallel()
	cat := access.PlanCatalogue()
	if len(cat) == 0 {
		t.Fatal("the plan's catalogue is empty")
	}
	langs := access.Languages()
	for key, tr := range cat {
		want := placeholders(tr[0])
		for i, s := range tr {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: no %s text", key, langs[i])
				continue
			}
			if got := placeholders(s); !slices.Equal(got, want) {
				t.Errorf("%s: %s placeholders %v, English %v", key, langs[i], got, want)
			}
			for _, p := range placeholder.FindAllString(s, -1) {
				if !strings.HasPrefix(p, "%[") {
					t.Errorf("%s: %s placeholder %s is not explicit (%%[1]s)", key, langs[i], p)
				}
			}
		}
	}
}

func placeholders(s string) []string {
	ps := placeholder.FindAllString(s, -1)
	slices.Sort(ps)
	return slices.Compact(ps)
}

// PlanText is one people-facing text of a plan, with its message.
type PlanText struct {
	Where string
	Text  string
	Msg   access.Message
}

// textsOf lists every people-facing text of p, Problems included.
func textsOf(p *access.Plan) []PlanText {
	var out []PlanText
	check := func(where string, c access.Check) {
		out = append(out, PlanText{where + " name", c.Name, c.NameMsg},
			PlanText{where + " detail", c.Detail, c.DetailMsg}, PlanText{where + " fix", c.Fix, c.FixMsg})
	}
	for _, c := range p.Issues {
		check("issue "+c.Rule, c)
	}
	for _, a := range p.Accounts {
		for _, c := range a.Checks {
			check(a.CustomerID+" check "+c.Rule, c)
		}
		for _, m := range a.Manual {
			out = append(out, PlanText{a.CustomerID + " manual " + m.Rule, m.Text, m.TextMsg})
		}
		for _, s := range a.Steps {
			where := a.CustomerID + " " + s.Kind.String() + " " + s.Subject
			out = append(out, PlanText{where + " detail", s.Detail, s.DetailMsg}, PlanText{where + " blocked", s.Blocked, s.BlockedMsg})
		}
	}
	for i, n := range p.Notes {
		out = append(out, PlanText{"note", n, p.NoteMsgs[i]})
	}
	for _, pr := range p.Problems() {
		out = append(out, PlanText{"problem", pr, access.Message{}})
	}
	return out
}

// englishFragments returns the English text of the catalogue between its
// placeholders, where it has three words or more: none may remain in a
// plan rendered in another language.
func englishFragments() []string {
	var out []string
	for _, tr := range access.PlanCatalogue() {
		for _, f := range placeholder.Split(tr[0], -1) {
			f = strings.Trim(f, " ;:,()")
			if strings.Count(f, " ") >= 2 && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// causes returns the English error texts m carries.
func causes(m access.Message) []string {
	var out []string
	if m.Cause != "" {
		out = append(out, m.Cause)
	}
	for _, p := range m.Parts {
		out = append(out, causes(p)...)
	}
	return out
}

func keysOf(m access.Message, into map[string]bool) {
	if m.Key != "" {
		into[m.Key] = true
	}
	for _, p := range m.Parts {
		keysOf(p, into)
	}
}

// TestPlanIn checks that a plan renders in each language of Explain (the
// portal's users read five besides English): over plans holding every
// check, step kind, blocked step, manual step and note (S1 to S7, W6, D4,
// P5, P8), each text with a message differs from its English, no English
// sentence of the catalogue and no error text (W6, D4, S4) remains, and
// everything but the texts is unchanged; In(English) is the plan itself;
// a plan written as JSON and read back renders the same; fr-CA and "JA"
// match French and Japanese.
func TestPlanIn(t *testing.T) {
	t.Parallel()
	plans := languagePlans(t)
	fragments := englishFragments()
	used := map[string]bool{}
	for _, np := range plans {
		t.Run(np.name, func(t *testing.T) {
			plan := np.plan
			if got := plan.In(language.English); !reflect.DeepEqual(got, plan) {
				t.Errorf("In(English) differs from the plan:\n%s", cmp.Diff(textsOf(plan), textsOf(got)))
			}
			en := textsOf(plan)
			for _, tx := range en {
				keysOf(tx.Msg, used)
			}
			var js strings.Builder
			if err := plan.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			var back access.Plan
			if err := json.Unmarshal([]byte(js.String()), &back); err != nil {
				t.Fatal(err)
			}
			for _, lang := range access.Languages()[1:] {
				loc := plan.In(lang)
				got := textsOf(loc)
				if len(got) != len(en) {
					t.Fatalf("%s: %d texts, English %d", lang, len(got), len(en))
				}
				for i, tx := range got {
					if en[i].Msg.Key != "" && tx.Text == en[i].Text {
						t.Errorf("%s: %s is still English: %q", lang, tx.Where, tx.Text)
					}
					for _, f := range fragments {
						if strings.Contains(tx.Text, f) {
							t.Errorf("%s: %s holds the English %q: %q", lang, tx.Where, f, tx.Text)
						}
					}
					for _, c := range causes(en[i].Msg) {
						if strings.Contains(tx.Text, c) {
							t.Errorf("%s: %s shows the error text %q", lang, tx.Where, c)
						}
					}
				}
				for i, a := range loc.Accounts {
					if diff := cmp.Diff(stepsOf(plan.Accounts[i]), stepsOf(a)); diff != "" {
						t.Errorf("%s: steps changed (-want +got):\n%s", lang, diff)
					}
				}
				if loc.Ready() != plan.Ready() || loc.Changes() != plan.Changes() {
					t.Errorf("%s: ready %v, %d changes; English %v, %d", lang, loc.Ready(), loc.Changes(), plan.Ready(), plan.Changes())
				}
				if diff := cmp.Diff(textsOf(loc), textsOf(back.In(lang))); diff != "" {
					t.Errorf("%s: the plan read back from JSON renders differently (-want +got):\n%s", lang, diff)
				}
			}
			for _, m := range []struct{ tag, as language.Tag }{
				{language.MustParse("fr-CA"), language.French},
				{language.Make("JA"), language.Japanese},
				{language.German, language.English},
				{language.Und, language.English},
			} {
				if !reflect.DeepEqual(plan.In(m.tag), plan.In(m.as)) {
					t.Errorf("In(%s) differs from In(%s)", m.tag, m.as)
				}
			}
		})
	}
	// Every message of the catalogue was exercised, but those the fake
	// cannot provoke here.
	unreached := []string{"step.role.noResellerAdmin", "step.account.notResellerDomain", "plan.none", "account.actingAs"}
	for key := range access.PlanCatalogue() {
		if !used[key] && !slices.Contains(unreached, key) && !strings.HasPrefix(key, "kind.") && !strings.HasPrefix(key, "action.") &&
			!strings.HasPrefix(key, "problem.") && !strings.HasPrefix(key, "error.") {
			t.Errorf("no plan of the test uses the message %s", key)
		}
	}
	for _, key := range []string{"error.unauthenticated", "error.permissionDenied"} {
		if !used[key] {
			t.Errorf("no plan of the test reports an error as %s", key)
		}
	}
}

// TestPlanInErrorDetail checks W6 in Japanese: the detail of a refused
// credential is the catalogue's sentence for its kind, with no Go or
// Google internals, while the English plan keeps the error's text.
func TestPlanInErrorDetail(t *testing.T) {
	t.Parallel()
	var refused *access.Plan
	for _, np := range languagePlans(t) {
		if np.name == "refused credentials" {
			refused = np.plan
		}
	}
	c, ok := checkOf(refused.Accounts[0], "W6", "Directory API")
	if !ok || c.OK || !strings.Contains(c.Detail, "Error 401") || c.DetailMsg.Cause != c.Detail {
		t.Fatalf("English W6 check = %+v", c)
	}
	jc, _ := checkOf(refused.In(language.Japanese).Accounts[0], "W6", "Directory API")
	if want := access.PlanCatalogue()["error.unauthenticated"][3]; jc.Detail != want {
		t.Errorf("Japanese W6 detail = %q, want %q", jc.Detail, want)
	}
	if jc.DetailMsg.Cause != c.Detail {
		t.Errorf("the Japanese plan lost the error's text for the log: %+v", jc.DetailMsg)
	}
	if probs := strings.Join(refused.In(language.Japanese).Problems(), "\n"); strings.Contains(probs, "Error 401") || strings.Contains(probs, "authError") {
		t.Errorf("Japanese problems show the error's text: %v", refused.In(language.Japanese).Problems())
	}
}

// TestStepKindAndActionLabels checks the short labels of step kinds and
// actions in English, French and Japanese, and the stable name for a kind
// or action the catalogue does not know.
func TestStepKindAndActionLabels(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		k          access.StepKind
		en, fr, ja string
	}{
		{access.StepOrgUnit, "org unit", "unité organisationnelle", "組織部門"},
		{access.StepAccount, "account", "compte", "アカウント"},
		{access.StepLicense, "license", "licence", "ライセンス"},
		{access.StepRole, "role", "rôle", "ロール"},
		{access.StepAssignment, "role assignment", "attribution de rôle", "ロールの割り当て"},
	}
	for _, k := range kinds {
		if got := []string{k.k.Label(language.English), k.k.Label(language.MustParse("fr-CA")), k.k.Label(language.Make("JA"))}; !slices.Equal(got, []string{k.en, k.fr, k.ja}) {
			t.Errorf("%s labels = %q", k.k, got)
		}
	}
	actions := []struct {
		a          access.Action
		en, fr, ja string
	}{
		{access.ActionNone, "holds", "déjà en place", "設定済み"},
		{access.ActionCreate, "create", "à créer", "作成"},
		{access.ActionUpdate, "update", "à modifier", "変更"},
	}
	for _, a := range actions {
		if got := []string{a.a.Label(language.English), a.a.Label(language.French), a.a.Label(language.Japanese)}; !slices.Equal(got, []string{a.en, a.fr, a.ja}) {
			t.Errorf("%s labels = %q", a.a, got)
		}
	}
	if got := access.StepKind(99).Label(language.French); got != access.StepKind(99).String() {
		t.Errorf("unknown kind label = %q", got)
	}
	if got := access.Action(9).Label(language.French); got != access.Action(9).String() {
		t.Errorf("unknown action label = %q", got)
	}
	if (*access.Plan)(nil).In(language.French) != nil {
		t.Error("nil plan In() is not nil")
	}
}

// TestPlanErrorMessages checks the message of an error-derived detail for
// each kind of error: in English the error's own text, elsewhere the
// catalogue's sentence for its kind, each kind its own.
func TestPlanErrorMessages(t *testing.T) {
	t.Parallel()
	cat := access.PlanCatalogue()
	seen := map[string]resellerkit.Kind{}
	for k := resellerkit.KindUnknown; k <= resellerkit.KindUnsupported; k++ {
		err := &resellerkit.Error{Kind: k, Op: "roles.Effective", Err: errors.New("googleapi: Error 418")}
		m := access.ErrMessage(err)
		tr, ok := cat[m.Key]
		if !ok || !strings.HasPrefix(m.Key, "error.") {
			t.Errorf("%s: key %q is not an error message of the catalogue", k, m.Key)
			continue
		}
		if other, dup := seen[m.Key]; dup {
			t.Errorf("%s and %s share the message %s", k, other, m.Key)
		}
		seen[m.Key] = k
		if got := m.In(language.English); got != err.Error() {
			t.Errorf("%s: English = %q, want the error's text", k, got)
		}
		if got := m.In(language.Indonesian); got != tr[4] || strings.Contains(got, "googleapi") {
			t.Errorf("%s: Indonesian = %q, want %q", k, got, tr[4])
		}
	}
	for key := range cat {
		if _, ok := seen[key]; strings.HasPrefix(key, "error.") && !ok {
			t.Errorf("no kind of error uses %s", key)
		}
	}
}

// TestPlanInKeepsUnknownTexts: a text without a message (a plan made by
// hand) or with a key this release does not know stays as it is.
func TestPlanInKeepsUnknownTexts(t *testing.T) {
	t.Parallel()
	p := &access.Plan{
		Issues:   []access.Check{{Rule: "S7", Name: "by hand", Detail: "typed", DetailMsg: access.Message{Key: "from.a.later.release"}}},
		Notes:    []string{"a note"},
		NoteMsgs: []access.Message{{Key: "from.a.later.release"}},
	}
	got := p.In(language.Japanese)
	if c := got.Issues[0]; c.Name != "by hand" || c.Detail != "typed" || got.Notes[0] != "a note" {
		t.Errorf("In(ja) of texts it cannot render = %+v, notes %q", c, got.Notes)
	}
}
