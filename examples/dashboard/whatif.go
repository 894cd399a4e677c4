package main

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// The what-if page: hypothetical changes (suspend an account, revoke a role
// assignment, a customer turning reseller access off, time passing) applied
// to a copy of the last read with access.WhatIf, showing who would gain and
// lose which customers. It is a dry run: nothing is written to Google. The
// form is a GET, so a result is a link that can be shared.

// Bounds of the what-if form: how many changes at once, how far time may
// be let pass, and how long one form value may be.
const (
	maxWhatIfChanges = 10
	maxWhatIfDays    = 3650
	maxWhatIfValue   = 400
	// maxListedCustomers bounds each list of customers on the what-if and
	// review pages; the rest are counted ("and N more").
	maxListedCustomers = 12
	// maxWhatIfEvents bounds the changes of facts listed.
	maxWhatIfEvents = 50
)

// pageProfile is the portal profile (rule P2) the what-if and review
// pages judge access under: the grid's default.
const pageProfile = access.CloudSupportPortal

// The form's query parameters, one per kind of change; each may repeat.
const (
	paramSuspend      = "suspend"      // a staff account's address (P5)
	paramRevoke       = "revoke"       // an assignment key (assignmentChoice.Key)
	paramRevokeAccess = "revokeaccess" // a customer ID (D5)
	paramDays         = "days"         // days that pass (P4)
)

// assignmentChoice is one role assignment the form offers to revoke: every
// assignment of a role to one account or group (the unit access.WhatIf's
// revokeRole removes).
type assignmentChoice struct {
	Key    string // roleID + ":" + account address, or roleID + ":group:" + group ID
	Label  string
	change access.Change
}

// whatIfChoices are what the form offers, from the snapshot.
type whatIfChoices struct {
	accounts    []option // staff accounts: the address, labelled with its state unless active (P5)
	assignments []assignmentChoice
	customers   []domains.Customer // customers that grant reseller access (D5)
}

// roleLabel names a role for people in l: Google's system roles by their
// names in the console, custom roles by their own.
func roleLabel(l lang, name, id string) string {
	switch name {
	case roles.ResellerAdminRoleName:
		return access.ResellerAdminRoleName(l.Tag)
	case roles.SuperAdminRoleName:
		return l.T("path." + access.PathSuperAdmin.String())
	case "":
		return id
	}
	return name
}

// accountEmail is the address of a staff account as the snapshot holds it.
func accountEmail(a *access.AccountFacts) string {
	if a.Facts.Email != "" {
		return strings.ToLower(a.Facts.Email)
	}
	return strings.ToLower(a.Facts.Effective.Email)
}

func newWhatIfChoices(l lang, s *access.Snapshot) whatIfChoices {
	var c whatIfChoices
	byUserID := map[string]string{} // reseller account + user ID → address
	for _, d := range s.Domains {
		for i := range d.Accounts {
			email := accountEmail(&d.Accounts[i])
			label := email
			if st := d.Accounts[i].Facts.State; st != access.StateActive {
				label += " (" + l.T("state."+st.String()) + ")"
			}
			c.accounts = append(c.accounts, option{Value: email, Label: label})
			if id := d.Accounts[i].Facts.Effective.UserID; id != "" {
				byUserID[d.ResellerAccount+"/"+id] = email
			}
		}
		for _, cu := range d.Customers {
			if cu.AccessGranted {
				c.customers = append(c.customers, cu)
			}
		}
	}
	seen := map[string]bool{}
	for _, t := range s.Tenants {
		roleName := map[string]string{}
		for _, r := range t.Roles {
			roleName[r.ID] = r.Name
		}
		groups := map[string]int{}
		for _, g := range t.Groups {
			groups[g.ID] = len(g.Members)
		}
		for _, as := range t.Assignments {
			ch := access.Change{Kind: access.ChangeRevokeRole, Role: as.RoleID}
			var key, who string
			if n, isGroup := groups[as.AssignedTo]; isGroup {
				ch.Group = as.AssignedTo
				key = as.RoleID + ":group:" + as.AssignedTo
				who = l.T("whatif.group", as.AssignedTo, n)
			} else if email, ok := byUserID[t.ResellerAccount+"/"+as.AssignedTo]; ok {
				ch.Account = email
				key, who = as.RoleID+":"+email, email
			} else {
				continue // an assignee the snapshot did not read
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			label := who + " · " + roleLabel(l, roleName[as.RoleID], as.RoleID)
			if as.Scope == roles.ScopeOrgUnit {
				label += " · " + l.T("whatif.orgunit")
			}
			if !as.ExpireTime.IsZero() {
				label += " · " + l.T("whatif.until", as.ExpireTime.UTC().Format("2006-01-02"))
			}
			c.assignments = append(c.assignments, assignmentChoice{Key: key, Label: label, change: ch})
		}
	}
	slices.SortStableFunc(c.assignments, func(a, b assignmentChoice) int { return strings.Compare(a.Label, b.Label) })
	slices.SortStableFunc(c.customers, func(a, b domains.Customer) int { return strings.Compare(a.Domain, b.Domain) })
	return c
}

// whatIfForm is what the form asked for, as read from the query, and
// what it amounts to: the changes for access.WhatIf, each described in
// the page's language, or the problems of the input.
type whatIfForm struct {
	Suspend, Revoke, RevokeAccess []string
	DaysText                      string

	changes   []access.Change
	described []string
	problems  []string
}

// formValues returns the non-empty values of key, each once.
func formValues(r *http.Request, key string) []string {
	var out []string
	for _, v := range r.URL.Query()[key] {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// parseWhatIf reads the form and turns it into changes for access.WhatIf.
// Every value must be one the form offers; what is wrong is said in l, one
// message per problem.
func parseWhatIf(r *http.Request, l lang, c whatIfChoices, customers map[string]domains.Customer) whatIfForm {
	f := whatIfForm{Suspend: formValues(r, paramSuspend), Revoke: formValues(r, paramRevoke),
		RevokeAccess: formValues(r, paramRevokeAccess), DaysText: strings.TrimSpace(r.URL.Query().Get(paramDays))}
	n := len(f.Suspend) + len(f.Revoke) + len(f.RevokeAccess)
	if f.DaysText != "" && f.DaysText != "0" {
		n++
	}
	if n > maxWhatIfChanges {
		f.problems = []string{l.T("whatif.err.toomany", n, maxWhatIfChanges)}
		return f
	}
	for _, v := range slices.Concat(f.Suspend, f.Revoke, f.RevokeAccess, []string{f.DaysText}) {
		if len(v) > maxWhatIfValue {
			f.problems = []string{l.T("whatif.err.long", maxWhatIfValue)}
			return f
		}
	}
	for _, v := range f.Suspend {
		email := strings.ToLower(v)
		if !slices.ContainsFunc(c.accounts, func(o option) bool { return o.Value == email }) {
			f.problems = append(f.problems, l.T("whatif.err.account", v))
			continue
		}
		f.changes = append(f.changes, access.Change{Kind: access.ChangeSuspend, Account: email})
		f.described = append(f.described, l.T("whatif.change.suspend", email))
	}
	for _, v := range f.Revoke {
		i := slices.IndexFunc(c.assignments, func(a assignmentChoice) bool { return a.Key == v })
		if i < 0 {
			f.problems = append(f.problems, l.T("whatif.err.assignment", v))
			continue
		}
		f.changes = append(f.changes, c.assignments[i].change)
		f.described = append(f.described, l.T("whatif.change.revoke", c.assignments[i].Label))
	}
	for _, v := range f.RevokeAccess {
		cu, ok := customers[v]
		if !ok || !slices.ContainsFunc(c.customers, func(x domains.Customer) bool { return x.ID == v }) {
			f.problems = append(f.problems, l.T("whatif.err.customer", v))
			continue
		}
		f.changes = append(f.changes, access.Change{Kind: access.ChangeRevokeAccess, Customer: cu.ID})
		f.described = append(f.described, l.T("whatif.change.revokeaccess", cu.Domain))
	}
	if f.DaysText != "" {
		d, err := strconv.Atoi(f.DaysText)
		if err != nil || d < 0 || d > maxWhatIfDays {
			f.problems = append(f.problems, l.T("whatif.err.days", f.DaysText, maxWhatIfDays))
		} else if d > 0 {
			// Time passes last, after the other changes: what they leave
			// expires then (P4).
			f.changes = append(f.changes, access.Change{Kind: access.ChangeAdvance, Duration: time.Duration(d) * 24 * time.Hour})
			f.described = append(f.described, l.T("whatif.change.days", d))
		}
	}
	return f
}

// customerLink is a customer in a bounded list, linked to its page.
type customerLink struct{ ID, Domain, URL string }

// customerList is a bounded list of customers: how many there are, the
// first maxListedCustomers, and "and N more" in the page's language.
type customerList struct {
	Count    int
	Items    []customerLink
	More     int
	MoreText string
}

// boundedCustomers lists at most maxListedCustomers of ids, by their
// primary domain as the snapshot names them, each linked to its page.
func boundedCustomers(l lang, ids []string, byID map[string]domains.Customer) customerList {
	out := customerList{Count: len(ids)}
	for _, id := range ids {
		if len(out.Items) == maxListedCustomers {
			out.More = len(ids) - maxListedCustomers
			out.MoreText = l.T("list.more", out.More)
			break
		}
		name := byID[id].Domain
		if name == "" {
			name = id
		}
		out.Items = append(out.Items, customerLink{ID: id, Domain: name, URL: link("/customer", l, "id", id)})
	}
	return out
}

// customersByID indexes the snapshot's customers, their reseller domain
// filled in.
func customersByID(s *access.Snapshot) map[string]domains.Customer {
	out := map[string]domains.Customer{}
	for _, d := range s.Domains {
		for _, c := range d.Customers {
			if c.ResellerDomain == "" {
				c.ResellerDomain = d.Name
			}
			out[c.ID] = c
		}
	}
	return out
}

// selectField is one kind of change in the form: a select per value
// already chosen, and one more, empty, to add another.
type selectField struct {
	Name, Label string
	Selects     [][]option
}

func newSelectField(name, label, empty string, all []option, chosen []string) selectField {
	f := selectField{Name: name, Label: label}
	for _, v := range append(slices.Clone(chosen), "") {
		opts := make([]option, 0, len(all)+1)
		opts = append(opts, option{Value: "", Label: empty, Selected: v == ""})
		for _, o := range all {
			o.Selected = o.Value == v
			opts = append(opts, o)
		}
		f.Selects = append(f.Selects, opts)
	}
	return f
}

// whatIfDelta is the customers of one reseller domain a person gains or
// loses, with why, in words, the account is allowed or denied afterwards.
type whatIfDelta struct {
	Domain, Account string
	Count           int
	Customers       customerList
	Headline        string
	Lines           []explainLine
}

type whatIfPerson struct {
	Name         string
	Lost, Gained []whatIfDelta
}

// whatIfDomain is one reseller domain before and after the changes.
type whatIfDomain struct {
	Name            string
	Customers       int
	Before, After   int // people who may use the portal there (D1, D2)
	Losing, Gaining int // people who lose or gain its customers
	LostPairs       int // person × customer pairs lost
	// NobodyAfter: people saw the domain's customers, and nobody would.
	NobodyAfter  bool
	CustomersURL string
}

// whatIfOutcome is the result of the changes.
type whatIfOutcome struct {
	Changes         []string
	At              time.Time // the time the changed world is judged at
	Losing, Gaining int       // people
	LostPairs       int
	Domains         []whatIfDomain
	People          []whatIfPerson
	Events          []historyEventRow
	MoreEvents      int
	NoAccessChange  bool
}

// whatIfPage is the data of /whatif.
type whatIfPage struct {
	Fields   []selectField
	Days     string
	MaxDays  int
	Max      int
	Portal   string
	Problems []string
	Outcome  *whatIfOutcome
}

// whatIf shows what the changes of the form would do to who sees which
// customers (rules P4, P5, D1, D2, D5), as access.WhatIf computes it over
// the last read: a dry run that writes nothing to Google.
func (a *app) whatIf(w http.ResponseWriter, r *http.Request) {
	snap, ok := a.pageSnapshot(w, r)
	if !ok {
		return
	}
	l := langFromRequest(r)
	choices := newWhatIfChoices(l, snap.Access)
	byID := customersByID(snap.Access)
	form := parseWhatIf(r, l, choices, byID)

	p := whatIfPage{Days: form.DaysText, MaxDays: maxWhatIfDays, Max: maxWhatIfChanges,
		Portal: access.ProfileName(pageProfile, l.Tag), Problems: form.problems}
	var assignmentOpts, customerOpts []option
	for _, as := range choices.assignments {
		assignmentOpts = append(assignmentOpts, option{Value: as.Key, Label: as.Label})
	}
	for _, c := range choices.customers {
		customerOpts = append(customerOpts, option{Value: c.ID, Label: c.Domain + " (" + c.ResellerDomain + ")"})
	}
	p.Fields = []selectField{
		newSelectField(paramSuspend, l.T("whatif.suspend"), l.T("whatif.none"), choices.accounts, form.Suspend),
		newSelectField(paramRevoke, l.T("whatif.revoke"), l.T("whatif.none"), assignmentOpts, form.Revoke),
		newSelectField(paramRevokeAccess, l.T("whatif.revokeaccess"), l.T("whatif.none"), customerOpts, form.RevokeAccess),
	}
	title := l.T("whatif.title")
	if len(form.problems) > 0 {
		a.render(w, r, http.StatusBadRequest, "whatif", a.newView(r, "/whatif", title, p))
		return
	}
	if len(form.changes) > 0 {
		out, err := whatIfOutcomeOf(l, snap, form.changes, byID)
		if err != nil {
			// The form offers only what the snapshot holds, so this is a
			// combination WhatIf refuses; its reason (English, naming the
			// change) goes to the log.
			a.log.Warn("what-if refused", "err", err)
			status := http.StatusInternalServerError
			if resellerkit.KindOf(err) == resellerkit.KindInvalidArgument {
				status = http.StatusBadRequest
			}
			p.Problems = []string{l.T("whatif.err.apply")}
			a.render(w, r, status, "whatif", a.newView(r, "/whatif", title, p))
			return
		}
		out.Changes = form.described
		p.Outcome = out
	}
	a.render(w, r, http.StatusOK, "whatif", a.newView(r, "/whatif", title, p))
}

// whatIfOutcomeOf runs access.WhatIf and arranges its result per person and
// per reseller domain, with each domain's coverage before and after
// (access.ComputeCoverage on the snapshot and on the changed copy).
func whatIfOutcomeOf(l lang, snap *Snapshot, changes []access.Change, byID map[string]domains.Customer) (*whatIfOutcome, error) {
	res, err := access.WhatIf(snap.Access, changes, &access.DriftOptions{Profile: pageProfile, People: snap.People})
	if err != nil {
		return nil, err
	}
	before, err := access.ComputeCoverage(snap.Access, snap.People, pageProfile)
	if err != nil {
		return nil, err
	}
	after, err := access.ComputeCoverage(res.Changed, snap.People, pageProfile)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, p := range snap.People {
		names[p.ID] = p.Name
	}
	out := &whatIfOutcome{At: res.At}
	domIdx := map[string]int{}
	for _, d := range before.Domains {
		domIdx[d.Name] = len(out.Domains)
		out.Domains = append(out.Domains, whatIfDomain{Name: d.Name, Customers: d.Customers, Before: d.Covered,
			CustomersURL: link("/customers", l, "domain", d.Name)})
	}
	for _, d := range after.Domains {
		if i, ok := domIdx[d.Name]; ok {
			out.Domains[i].After = d.Covered
		}
	}
	delta := func(dd access.DomainDelta, lost bool) whatIfDelta {
		x := whatIfDelta{Domain: dd.Domain, Account: dd.Account, Count: len(dd.Customers), Customers: boundedCustomers(l, dd.Customers, byID)}
		if dd.After != nil {
			x.Headline, x.Lines = splitExplain(access.Explain(*dd.After, l.Tag))
		}
		if i, ok := domIdx[dd.Domain]; ok {
			if lost {
				out.Domains[i].Losing++
				out.Domains[i].LostPairs += len(dd.Customers)
			} else {
				out.Domains[i].Gaining++
			}
		}
		return x
	}
	for _, pd := range res.People {
		wp := whatIfPerson{Name: names[pd.ID]}
		if wp.Name == "" {
			wp.Name = pd.ID
		}
		for _, dd := range pd.Lost {
			wp.Lost = append(wp.Lost, delta(dd, true))
			out.LostPairs += len(dd.Customers)
		}
		for _, dd := range pd.Gained {
			wp.Gained = append(wp.Gained, delta(dd, false))
		}
		if len(wp.Lost) > 0 {
			out.Losing++
		}
		if len(wp.Gained) > 0 {
			out.Gaining++
		}
		out.People = append(out.People, wp)
	}
	for i := range out.Domains {
		d := &out.Domains[i]
		d.NobodyAfter = d.After == 0 && d.Before > 0 && d.Customers > 0
	}
	for _, e := range res.Events {
		if len(out.Events) == maxWhatIfEvents {
			out.MoreEvents = len(res.Events) - maxWhatIfEvents
			break
		}
		out.Events = append(out.Events, historyEventRow{historyEvent: eventRow(e), Label: eventLabel(l, e.Kind)})
	}
	out.NoAccessChange = len(res.People) == 0
	return out, nil
}

func init() {
	registerMessages(map[string][6]string{
		"nav.whatif":   {"What if", "Et si", "Tänk om", "もしも", "Bagaimana jika", "E se"},
		"whatif.title": {"What if…", "Et si…", "Tänk om…", "もしも…", "Bagaimana jika…", "E se…"},
		"whatif.intro": {
			"Choose changes and see who would gain or lose which customers in the %s. Several changes apply together, in the order of the form.",
			"Choisissez des modifications et voyez qui gagnerait ou perdrait quels clients dans le %s. Plusieurs modifications s'appliquent ensemble, dans l'ordre du formulaire.",
			"Välj ändringar och se vem som skulle få eller förlora vilka kunder i %s. Flera ändringar tillämpas tillsammans, i formulärets ordning.",
			"変更を選ぶと、%s で誰がどの顧客を得るか失うかが表示されます。複数の変更はフォームの順にまとめて適用されます。",
			"Pilih perubahan dan lihat siapa yang akan mendapatkan atau kehilangan pelanggan mana di %s. Beberapa perubahan diterapkan bersama, sesuai urutan formulir.",
			"Scegli delle modifiche e vedi chi otterrebbe o perderebbe quali clienti nel %s. Più modifiche si applicano insieme, nell'ordine del modulo.",
		},
		"whatif.dryrun": {
			"Nothing is written to Google: the changes are applied to a copy of the data read at the time shown above.",
			"Rien n'est écrit chez Google : les modifications sont appliquées à une copie des données lues à l'heure indiquée ci-dessus.",
			"Inget skrivs till Google: ändringarna tillämpas på en kopia av de data som lästes vid tiden ovan.",
			"Google には何も書き込まれません。変更は上に示した時刻に読み込んだデータのコピーに適用されます。",
			"Tidak ada yang ditulis ke Google: perubahan diterapkan pada salinan data yang dibaca pada waktu yang ditampilkan di atas.",
			"Nulla viene scritto in Google: le modifiche si applicano a una copia dei dati letti all'ora indicata sopra.",
		},
		"whatif.suspend":      {"Suspend an account (P5)", "Suspendre un compte (P5)", "Stäng av ett konto (P5)", "アカウントを停止 (P5)", "Tangguhkan akun (P5)", "Sospendi un account (P5)"},
		"whatif.revoke":       {"Revoke a role assignment", "Retirer une attribution de rôle", "Ta bort en rolltilldelning", "役割の割り当てを取り消す", "Cabut penetapan peran", "Revoca un'assegnazione di ruolo"},
		"whatif.revokeaccess": {"A customer turns reseller access off (D5)", "Un client désactive l'accès revendeur (D5)", "En kund stänger av återförsäljaråtkomst (D5)", "顧客が販売パートナーのアクセスを無効化 (D5)", "Pelanggan menonaktifkan akses reseller (D5)", "Un cliente disattiva l'accesso del rivenditore (D5)"},
		"whatif.days":         {"Let days pass (P4)", "Laisser passer des jours (P4)", "Låt dagar gå (P4)", "日数を経過させる (P4)", "Biarkan hari berlalu (P4)", "Lascia passare dei giorni (P4)"},
		"whatif.dayshelp": {
			"Role assignments with an expiry time grant nothing once it is reached.",
			"Les attributions de rôle à durée limitée n'accordent plus rien une fois leur échéance atteinte.",
			"Rolltilldelningar med ett slutdatum ger ingenting när det har passerats.",
			"有効期限のある役割の割り当ては、期限を過ぎると何も許可しません。",
			"Penetapan peran dengan waktu kedaluwarsa tidak memberikan apa pun setelah waktunya tercapai.",
			"Le assegnazioni di ruolo con una scadenza non concedono più nulla una volta raggiunta.",
		},
		"whatif.none":  {"— none —", "— aucun —", "— inget —", "— なし —", "— tidak ada —", "— nessuno —"},
		"whatif.show":  {"Show what would change", "Afficher ce qui changerait", "Visa vad som skulle ändras", "変化を表示", "Tampilkan yang akan berubah", "Mostra cosa cambierebbe"},
		"whatif.clear": {"Start over", "Recommencer", "Börja om", "やり直す", "Mulai lagi", "Ricomincia"},
		"whatif.max": {
			"At most %d changes at once. Once a change is chosen and shown, another list appears to add one more.",
			"Au plus %d modifications à la fois. Une fois une modification choisie et affichée, une autre liste apparaît pour en ajouter une.",
			"Högst %d ändringar åt gången. När en ändring har valts och visats dyker en ny lista upp för att lägga till en till.",
			"一度に指定できる変更は最大 %d 件です。変更を選んで表示すると、さらに追加するための一覧が表示されます。",
			"Paling banyak %d perubahan sekaligus. Setelah sebuah perubahan dipilih dan ditampilkan, daftar lain muncul untuk menambah satu lagi.",
			"Al massimo %d modifiche alla volta. Dopo aver scelto e mostrato una modifica, compare un altro elenco per aggiungerne un'altra.",
		},
		"whatif.group":   {"group %s (%d accounts read)", "groupe %s (%d comptes lus)", "grupp %s (%d inlästa konton)", "グループ %s (読み込んだアカウント %d 件)", "grup %s (%d akun dibaca)", "gruppo %s (%d account letti)"},
		"whatif.orgunit": {"org unit only", "unité organisationnelle seulement", "endast organisationsenhet", "組織部門のみ", "hanya unit organisasi", "solo unità organizzativa"},
		"whatif.until":   {"until %s", "jusqu'au %s", "till %s", "%s まで", "hingga %s", "fino al %s"},

		"whatif.change.suspend":      {"Suspend %s", "Suspendre %s", "Stäng av %s", "%s を停止", "Tangguhkan %s", "Sospendi %s"},
		"whatif.change.revoke":       {"Revoke %s", "Retirer %s", "Ta bort %s", "%s を取り消す", "Cabut %s", "Revoca %s"},
		"whatif.change.revokeaccess": {"%s turns reseller access off", "%s désactive l'accès revendeur", "%s stänger av återförsäljaråtkomst", "%s が販売パートナーのアクセスを無効化", "%s menonaktifkan akses reseller", "%s disattiva l'accesso del rivenditore"},
		"whatif.change.days":         {"%d days pass", "%d jours passent", "%d dagar går", "%d 日が経過", "%d hari berlalu", "passano %d giorni"},

		"whatif.err.toomany": {
			"%d changes were asked for; choose at most %d at once.",
			"%d modifications ont été demandées ; choisissez-en %d au plus à la fois.",
			"%d ändringar begärdes; välj högst %d åt gången.",
			"%d 件の変更が指定されました。一度に指定できるのは最大 %d 件です。",
			"%d perubahan diminta; pilih paling banyak %d sekaligus.",
			"Sono state chieste %d modifiche; scegline al massimo %d alla volta.",
		},
		"whatif.err.long": {
			"A value of the form is longer than %d bytes; choose from the lists.",
			"Une valeur du formulaire dépasse %d octets ; choisissez dans les listes.",
			"Ett värde i formuläret är längre än %d byte; välj i listorna.",
			"フォームの値が %d バイトを超えています。一覧から選んでください。",
			"Sebuah nilai formulir lebih dari %d byte; pilih dari daftar.",
			"Un valore del modulo supera i %d byte; scegli dagli elenchi.",
		},
		"whatif.err.account": {
			"%s is not a staff account read; choose one from the list.",
			"%s n'est pas un compte d'équipe lu ; choisissez-en un dans la liste.",
			"%s är inte ett inläst personalkonto; välj ett i listan.",
			"%s は読み込んだスタッフ アカウントではありません。一覧から選んでください。",
			"%s bukan akun staf yang dibaca; pilih salah satu dari daftar.",
			"%s non è un account dello staff letto; scegline uno dall'elenco.",
		},
		"whatif.err.assignment": {
			"\u201c%s\u201d is not a role assignment read; choose one from the list.",
			"« %s » n'est pas une attribution de rôle lue ; choisissez-en une dans la liste.",
			"”%s” är inte en inläst rolltilldelning; välj en i listan.",
			"「%s」は読み込んだ役割の割り当てではありません。一覧から選んでください。",
			"\u201c%s\u201d bukan penetapan peran yang dibaca; pilih salah satu dari daftar.",
			"«%s» non è un'assegnazione di ruolo letta; scegline una dall'elenco.",
		},
		"whatif.err.customer": {
			"%s is not a customer that grants reseller access; choose one from the list.",
			"%s n'est pas un client qui accorde l'accès revendeur ; choisissez-en un dans la liste.",
			"%s är inte en kund som ger återförsäljaråtkomst; välj en i listan.",
			"%s は販売パートナーのアクセスを許可している顧客ではありません。一覧から選んでください。",
			"%s bukan pelanggan yang memberikan akses reseller; pilih salah satu dari daftar.",
			"%s non è un cliente che concede l'accesso al rivenditore; scegline uno dall'elenco.",
		},
		"whatif.err.days": {
			"\u201c%s\u201d days: give a whole number from 0 to %d.",
			"« %s » jours : indiquez un nombre entier de 0 à %d.",
			"”%s” dagar: ange ett heltal från 0 till %d.",
			"「%s」日: 0 から %d までの整数を指定してください。",
			"\u201c%s\u201d hari: berikan bilangan bulat dari 0 sampai %d.",
			"«%s» giorni: indica un numero intero da 0 a %d.",
		},
		"whatif.err.apply": {
			"These changes cannot be applied together. Change the choice and try again.",
			"Ces modifications ne peuvent pas être appliquées ensemble. Modifiez le choix et réessayez.",
			"Ändringarna kan inte tillämpas tillsammans. Ändra valet och försök igen.",
			"これらの変更はまとめて適用できません。選択を変えてもう一度お試しください。",
			"Perubahan ini tidak dapat diterapkan bersama. Ubah pilihan dan coba lagi.",
			"Queste modifiche non possono essere applicate insieme. Cambia la scelta e riprova.",
		},

		"whatif.changes":    {"Changes tried", "Modifications essayées", "Prövade ändringar", "試した変更", "Perubahan yang dicoba", "Modifiche provate"},
		"whatif.at":         {"Access judged as of %s.", "Accès évalué au %s.", "Åtkomst bedömd per %s.", "%s 時点のアクセスとして判定。", "Akses dinilai per %s.", "Accesso valutato al %s."},
		"whatif.losing":     {"People who lose customers", "Personnes qui perdent des clients", "Personer som förlorar kunder", "顧客を失う担当者", "Orang yang kehilangan pelanggan", "Persone che perdono clienti"},
		"whatif.gaining":    {"People who gain customers", "Personnes qui gagnent des clients", "Personer som får kunder", "顧客を得る担当者", "Orang yang mendapatkan pelanggan", "Persone che ottengono clienti"},
		"whatif.lostpairs":  {"Customer accesses lost (person × customer)", "Accès à des clients perdus (personne × client)", "Förlorade kundåtkomster (person × kund)", "失われる顧客アクセス (担当者 × 顧客)", "Akses pelanggan yang hilang (orang × pelanggan)", "Accessi ai clienti persi (persona × cliente)"},
		"whatif.bydomain":   {"Per reseller domain", "Par domaine revendeur", "Per återförsäljardomän", "販売パートナー ドメイン別", "Per domain reseller", "Per dominio rivenditore"},
		"whatif.domain":     {"Reseller domain", "Domaine revendeur", "Återförsäljardomän", "販売パートナー ドメイン", "Domain reseller", "Dominio rivenditore"},
		"whatif.customers":  {"Customers", "Clients", "Kunder", "顧客", "Pelanggan", "Clienti"},
		"whatif.before":     {"People with access now", "Personnes ayant accès maintenant", "Personer med åtkomst nu", "現在アクセスできる担当者", "Orang dengan akses sekarang", "Persone con accesso ora"},
		"whatif.after":      {"… after the changes", "… après les modifications", "… efter ändringarna", "… 変更後", "… setelah perubahan", "… dopo le modifiche"},
		"whatif.people":     {"People losing / gaining", "Personnes perdant / gagnant", "Personer som förlorar / får", "失う / 得る担当者", "Orang kehilangan / mendapatkan", "Persone che perdono / ottengono"},
		"whatif.nobody":     {"nobody would see its customers", "plus personne ne verrait ses clients", "ingen skulle se dess kunder", "誰もこの顧客を表示できなくなります", "tidak ada yang akan melihat pelanggannya", "nessuno vedrebbe i suoi clienti"},
		"whatif.byperson":   {"Per person", "Par personne", "Per person", "担当者別", "Per orang", "Per persona"},
		"whatif.person":     {"Person", "Personne", "Person", "担当者", "Orang", "Persona"},
		"whatif.account":    {"Account", "Compte", "Konto", "アカウント", "Akun", "Account"},
		"whatif.change":     {"Change", "Changement", "Ändring", "変化", "Perubahan", "Modifica"},
		"whatif.lost":       {"loses", "perd", "förlorar", "失う", "kehilangan", "perde"},
		"whatif.gained":     {"gains", "gagne", "får", "得る", "mendapatkan", "ottiene"},
		"whatif.afterwards": {"Afterwards", "Ensuite", "Efteråt", "変更後", "Sesudahnya", "Dopo"},
		"whatif.noaccess": {
			"No one would gain or lose customers.",
			"Personne ne gagnerait ni ne perdrait de clients.",
			"Ingen skulle få eller förlora kunder.",
			"顧客を得る人も失う人もいません。",
			"Tidak ada yang akan mendapatkan atau kehilangan pelanggan.",
			"Nessuno otterrebbe o perderebbe clienti.",
		},
		"whatif.d5": {
			"A customer that turns reseller access off stays listed in the portal (D5): no one loses it, but it can no longer be administered or supported through the reseller.",
			"Un client qui désactive l'accès revendeur reste listé dans le portail (D5) : personne ne le perd, mais il ne peut plus être administré ni assisté par le revendeur.",
			"En kund som stänger av återförsäljaråtkomst finns kvar i portalens lista (D5): ingen förlorar den, men den kan inte längre administreras eller få support via återförsäljaren.",
			"販売パートナーのアクセスを無効にした顧客もポータルの一覧に残ります (D5)。誰も失いませんが、販売パートナー経由での管理やサポートはできなくなります。",
			"Pelanggan yang menonaktifkan akses reseller tetap tercantum di portal (D5): tidak ada yang kehilangannya, tetapi pelanggan itu tidak lagi dapat dikelola atau didukung melalui reseller.",
			"Un cliente che disattiva l'accesso del rivenditore resta nell'elenco del portale (D5): nessuno lo perde, ma non può più essere amministrato né assistito tramite il rivenditore.",
		},
		"whatif.facts":   {"Changes of facts", "Changements des faits", "Ändrade fakta", "事実の変化", "Perubahan fakta", "Modifiche dei fatti"},
		"whatif.subject": {"About", "Objet", "Gäller", "対象", "Tentang", "Oggetto"},
		"whatif.expiring": {
			"Role assignments that end in the next days, and what each takes away, are on the access review page:",
			"Les attributions de rôle qui prennent fin dans les prochains jours, et ce que chacune retire, sont sur la page de revue des accès :",
			"Rolltilldelningar som upphör de närmaste dagarna, och vad var och en tar bort, finns på sidan för åtkomstgranskning:",
			"今後数日で終了する役割の割り当てと、それぞれが失わせるものは、アクセス レビューのページにあります:",
			"Penetapan peran yang berakhir dalam beberapa hari ke depan, dan apa yang diambil masing-masing, ada di halaman tinjauan akses:",
			"Le assegnazioni di ruolo che terminano nei prossimi giorni, e cosa toglie ciascuna, sono nella pagina di revisione degli accessi:",
		},
		"list.more":      {"and %d more", "et %d de plus", "och %d till", "ほか %d 件", "dan %d lainnya", "e altri %d"},
		"list.customers": {"%d customers", "%d clients", "%d kunder", "%d 件の顧客", "%d pelanggan", "%d clienti"},
	})
}
