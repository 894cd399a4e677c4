package access_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"github.com/resellerkit/resellerkit/access"
	"github.com/resellerkit/resellerkit/roles"
)

// deniedSample is suspended, lacks Access Customer's Support Cases and
// Support, and held the retired Support Manager role (P5, P1.2, P2, P6).
func deniedSample() access.Decision {
	return access.Decide(with(active(grant(roles.ViewCustomers)), func(f *access.Facts) {
		f.State = access.StateSuspended
		f.SupportCenterRoles = []access.SupportCenterRole{access.SupportManager}
	}), access.CloudSupportPortal)
}

func allowedSample() access.Decision {
	g := grant(roles.Support)
	g.ViaGroup = "portal@reseller-eu.example"
	g.ExpireTime = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	return access.Decide(with(active(grant(roles.ViewCustomers), grant(roles.AccessCustomerSupportCases), g),
		func(f *access.Facts) { f.Effective.ResellerAdmin = resellerGrant }), access.CloudSupportPortal)
}

func TestExplainEnglish(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		d    access.Decision
		want string
	}{
		{
			name: "P1 allowed with every reason, P8 read time",
			d:    allowedSample(),
			want: `ana@reseller-eu.example may use the Google Cloud Support Portal for the customers of reseller-eu.example.
Allowed by:
  - the Reseller Admin role [P1.1]
  - the privilege Reseller Tools › Customers › View Customers, from the role "Portal staff" [P1.2]
  - the privilege Reseller Tools › Customers › Access Customer's Support Cases, from the role "Portal staff" [P1.2]
  - the privilege Support, from the role "Portal staff" [P1.2, P2] (through the group portal@reseller-eu.example) (expires 2026-07-01 00:00:00 UTC)
As read at 2026-01-05 09:00:00 UTC; role and privilege changes can take up to 24 hours to apply at Google [P8].`,
		},
		{
			name: "P5 P6 denied with each missing requirement",
			d:    deniedSample(),
			want: `ana@reseller-eu.example may not use the Google Cloud Support Portal for the customers of reseller-eu.example.
Missing:
  - an active account: this one is suspended [P5]
  - the privilege Reseller Tools › Customers › Access Customer's Support Cases [P1.2]
  - the privilege Support [P2]
Alternatively, the Reseller Admin role or the super admin role also grants access [P1.1, P1.4].
The Cloud Support Center role "Support Manager" was ignored: it grants nothing since 26 October 2022 [P6].
As read at 2026-01-05 09:00:00 UTC; role and privilege changes can take up to 24 hours to apply at Google [P8].`,
		},
		{
			name: "P7 zero facts",
			d:    access.Decide(access.Facts{}, access.CustomerCarePortal),
			want: `No account was given, so access to the Customer Care Portal is denied.
Missing:
  - an account [P7]
  - an account state known to be active [P7]
  - the privilege Reseller Tools › Customers › View Customers [P1.2]
  - the privilege Reseller Tools › Customers › Access Customer's Support Cases [P1.2]
Read time unknown; role and privilege changes can take up to 24 hours to apply at Google [P8].`,
		},
		{
			name: "P5 roles would allow, P4 expired grants noted",
			d: access.Decide(with(active(with2(grant(roles.Support), t0)), func(f *access.Facts) {
				f.State = access.StateArchived
				f.Effective.SuperAdmin = superGrant
			}), access.CloudSupportPortal),
			want: `ana@reseller-eu.example may not use the Google Cloud Support Portal for the customers of reseller-eu.example.
Missing:
  - an active account: this one is archived [P5]
Its roles would otherwise allow access [P5].
Some of its role assignments had expired and were ignored [P4].
As read at 2026-01-05 09:00:00 UTC; role and privilege changes can take up to 24 hours to apply at Google [P8].`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, access.Explain(tt.d, language.English)); diff != "" {
				t.Errorf("Explain() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestExplainLanguages checks each of the six languages names the
// privileges by their console path as Google's help-center article in that
// language does (the seed articles), and the rest of the decision in that
// language.
func TestExplainLanguages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang        language.Tag
		viewPath    string // the console path of View Customers, from the article
		accessPath  string // Access Customer's Support Cases
		resellerRol string // the Reseller Admin role
		portal      string
		suspended   string
		legacy      string // Reseller Enterprise Legacy Support
	}{
		{language.English, "Reseller Tools › Customers › View Customers", "Reseller Tools › Customers › Access Customer's Support Cases",
			"Reseller Admin", "Google Cloud Support Portal", "suspended", "Reseller Enterprise Legacy Support"},
		{language.French, "Outils pour les revendeurs › Clients › Afficher les clients",
			"Outils pour les revendeurs › Clients › Accéder aux demandes d'assistance des clients",
			"Administrateur du revendeur", "portail d'assistance Google Cloud", "suspendu",
			"Formule d'assistance Enterprise pour les anciens domaines revendus"},
		{language.Swedish, "Återförsäljarverktyg › Kunder › Visa kunder", "Återförsäljarverktyg › Kunder › Få åtkomst till kundernas supportärenden",
			"återförsäljaradministratör", "Google Cloud Support Portal", "avstängt", "Äldre vidaresåld Enterprise-support"},
		{language.Japanese, "販売パートナー用ツール › お客様 › 顧客を表示", "販売パートナー用ツール › お客様 › お客様のサポートケースにアクセスする",
			"販売パートナー管理者", "Google Cloud サポート ポータル", "停止中", "従来の再販向けエンタープライズ サポート"},
		{language.Indonesian, "Perangkat Reseller › Pelanggan › Lihat Pelanggan", "Perangkat Reseller › Pelanggan › Akses Kasus Dukungan Pelanggan",
			"Admin Reseller", "Portal Dukungan Google Cloud", "ditangguhkan", "Dukungan untuk Perusahaan Reseller Lama"},
		{language.Italian, "Strumenti dei rivenditori › Clienti › Visualizzazione clienti",
			"Strumenti dei rivenditori › Clienti › Accesso alle richieste di assistenza dei clienti",
			"Amministratore rivenditore", "Portale di assistenza Google Cloud", "sospeso", "Supporto per le aziende rivenditore precedente"},
	}
	legacy := access.Decide(active(grant(roles.ResellerEnterpriseLegacySupport)), access.CloudSupportPortal)
	for _, tt := range tests {
		t.Run(tt.lang.String(), func(t *testing.T) {
			t.Parallel()
			denied := access.Explain(deniedSample(), tt.lang)
			allowed := access.Explain(allowedSample(), tt.lang)
			leg := access.Explain(legacy, tt.lang)
			for _, c := range []struct{ text, want string }{
				{denied, tt.accessPath}, {denied, tt.portal}, {denied, tt.suspended}, {denied, tt.resellerRol},
				{denied, "[P5]"}, {denied, "[P6]"}, {denied, "[P8]"}, {denied, "2026-01-05 09:00:00 UTC"},
				{allowed, tt.viewPath}, {allowed, tt.accessPath}, {allowed, tt.resellerRol}, {allowed, "[P1.1]"},
				{allowed, "portal@reseller-eu.example"}, {allowed, "2026-07-01 00:00:00 UTC"},
				{leg, tt.legacy}, {leg, "[P1.3]"},
			} {
				if !strings.Contains(c.text, c.want) {
					t.Errorf("Explain(%v) lacks %q:\n%s", tt.lang, c.want, c.text)
				}
			}
			for _, text := range []string{denied, allowed, leg} {
				if strings.Contains(text, "%!") || strings.Contains(text, "head.") || strings.Contains(text, "missing.") {
					t.Errorf("Explain(%v) has a formatting error or a raw key:\n%s", tt.lang, text)
				}
			}
			if got := access.PrivilegeName(roles.ViewCustomers, tt.lang); got != tt.viewPath {
				t.Errorf("PrivilegeName(ViewCustomers, %v) = %q, want %q", tt.lang, got, tt.viewPath)
			}
			if tt.lang != language.English && denied == access.Explain(deniedSample(), language.English) {
				t.Errorf("Explain(%v) is the English text", tt.lang)
			}
		})
	}
}

// TestExplainFallback checks the documented fallback: a language Explain
// does not speak gets English; a regional variant gets its language.
func TestExplainFallback(t *testing.T) {
	t.Parallel()
	d := deniedSample()
	tests := []struct {
		lang, want string
	}{
		{"pt-BR", "en"}, {"de", "en"}, {"und", "en"}, {"zh-Hant", "en"},
		{"fr-CA", "fr"}, {"sv-FI", "sv"}, {"ja-JP", "ja"}, {"id-ID", "id"}, {"it-CH", "it"}, {"en-GB", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			t.Parallel()
			tag := language.MustParse(tt.lang)
			want := language.MustParse(tt.want)
			if got := access.MatchLanguage(tag); got != want {
				t.Errorf("MatchLanguage(%s) = %v, want %v", tt.lang, got, want)
			}
			if diff := cmp.Diff(access.Explain(d, want), access.Explain(d, tag)); diff != "" {
				t.Errorf("Explain(%s) is not the %s text (-want +got):\n%s", tt.lang, tt.want, diff)
			}
		})
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	if got := access.ProfileName(access.CustomerCarePortal, language.Swedish); got != "kundvårdsportalen" {
		t.Errorf("ProfileName(CCP, sv) = %q", got)
	}
	if got := access.ResellerAdminRoleName(language.Italian); got != "Amministratore rivenditore" {
		t.Errorf("ResellerAdminRoleName(it) = %q", got)
	}
	if got := access.PrivilegeName("USERS_ALL", language.French); got != "USERS_ALL" {
		t.Errorf("PrivilegeName of a key the portal rules do not use = %q, want the key", got)
	}
	if got := len(access.Languages()); got != 6 {
		t.Errorf("Languages() has %d languages, want 6", got)
	}
}

func ExampleExplain() {
	facts := access.Facts{
		Email: "ana@reseller-eu.example",
		State: access.StateActive,
		Effective: roles.Effective{Grants: []roles.Grant{
			{Key: roles.ViewCustomers, RoleID: "71", RoleName: "Portal staff"},
			{Key: roles.AccessCustomerSupportCases, RoleID: "71", RoleName: "Portal staff"},
		}},
		ReadAt: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC),
	}
	d := access.Decide(facts, access.CloudSupportPortal)
	fmt.Println(access.Explain(d, language.Italian))
	// Output:
	// ana@reseller-eu.example non può usare il Portale di assistenza Google Cloud per i clienti di reseller-eu.example.
	// Manca:
	//   - il privilegio Assistenza [P2]
	// In alternativa, anche il ruolo Amministratore rivenditore o il ruolo di super amministratore concedono l'accesso [P1.1, P1.4].
	// Stato letto il 2026-01-05 09:00:00 UTC; in Google le modifiche a ruoli e privilegi possono richiedere fino a 24 ore [P8].
}

func ExampleDecide() {
	facts := access.Facts{
		Email:     "bo@reseller-us.example",
		State:     access.StateSuspended,
		Effective: roles.Effective{ResellerAdmin: &roles.Grant{RoleID: "2", RoleName: "_RESELLER_ADMIN_ROLE"}},
	}
	d := access.Decide(facts, access.CloudSupportPortal)
	fmt.Println(d.Allowed, d.Domain, d.Missing(), d.Notes().Names())
	// Output:
	// false reseller-us.example [active-account] [blocked-despite-roles]
}
