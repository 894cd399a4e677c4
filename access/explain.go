package access

import (
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"github.com/resellerkit/resellerkit/roles"
)

// The languages [Explain] speaks, in the order of the message table.
var languages = [...]language.Tag{
	language.English,
	language.French,
	language.Swedish,
	language.Japanese,
	language.Indonesian,
	language.Italian,
}

var englishTag = language.English

// Languages returns the languages [Explain] renders, English first. Any
// other language falls back to English.
func Languages() []language.Tag { return append([]language.Tag(nil), languages[:]...) }

// texts are the catalog's messages: one string per language, in the order of
// languages, so a missing translation is a compile error. The console paths
// of the privileges and the role names are the ones of Google's help-center
// article on reseller access to the portal, in each language; where an
// article does not name a thing (the Support privilege outside Italian, the
// Support Manager role outside Italian, the Cloud Support Portal in some
// languages), the text is our translation and says no more than the English.
var texts = map[string][6]string{
	// Portal names (P2).
	"portal.ccp": {
		"Customer Care Portal", "Customer Care Portal", "kundvårdsportalen",
		"カスタマーケア ポータル", "Portal Layanan Pelanggan", "portale di assistenza clienti"},
	"portal.csp": {
		"Google Cloud Support Portal", "le portail d'assistance Google Cloud", "Google Cloud Support Portal",
		"Google Cloud サポート ポータル", "Portal Dukungan Google Cloud", "Portale di assistenza Google Cloud"},
	// Roles.
	"role.resellerAdmin": {
		"Reseller Admin", "Administrateur du revendeur", "återförsäljaradministratör",
		"販売パートナー管理者", "Admin Reseller", "Amministratore rivenditore"},
	"role.supportManager": {
		"Support Manager", "Responsable de l'assistance", "supportansvarig",
		"サポート マネージャー", "Pengelola Dukungan", "Responsabile dell'assistenza"},
	// Privileges by their console path.
	"priv." + string(roles.ViewCustomers): {
		"Reseller Tools › Customers › View Customers",
		"Outils pour les revendeurs › Clients › Afficher les clients",
		"Återförsäljarverktyg › Kunder › Visa kunder",
		"販売パートナー用ツール › お客様 › 顧客を表示",
		"Perangkat Reseller › Pelanggan › Lihat Pelanggan",
		"Strumenti dei rivenditori › Clienti › Visualizzazione clienti"},
	"priv." + string(roles.AccessCustomerSupportCases): {
		"Reseller Tools › Customers › Access Customer's Support Cases",
		"Outils pour les revendeurs › Clients › Accéder aux demandes d'assistance des clients",
		"Återförsäljarverktyg › Kunder › Få åtkomst till kundernas supportärenden",
		"販売パートナー用ツール › お客様 › お客様のサポートケースにアクセスする",
		"Perangkat Reseller › Pelanggan › Akses Kasus Dukungan Pelanggan",
		"Strumenti dei rivenditori › Clienti › Accesso alle richieste di assistenza dei clienti"},
	"priv." + string(roles.Support): {
		"Support", "Assistance", "Support", "サポート", "Dukungan", "Assistenza"},
	"priv." + string(roles.EnterpriseLegacySupport): {
		"Enterprise Legacy Support", "Ancienne version d'Enterprise", "Äldre företagsstöd",
		"従来のエンタープライズ", "Perusahaan Lama", "Supporto per le aziende precedente"},
	"priv." + string(roles.ResellerEnterpriseLegacySupport): {
		"Reseller Enterprise Legacy Support",
		"Formule d'assistance Enterprise pour les anciens domaines revendus",
		"Äldre vidaresåld Enterprise-support",
		"従来の再販向けエンタープライズ サポート",
		"Dukungan untuk Perusahaan Reseller Lama",
		"Supporto per le aziende rivenditore precedente"},
	// Account states (P5).
	"state.suspended": {"suspended", "suspendu", "avstängt", "停止中", "ditangguhkan", "sospeso"},
	"state.archived":  {"archived", "archivé", "arkiverat", "アーカイブ済み", "diarsipkan", "archiviato"},
	"state.deleted":   {"deleted", "supprimé", "raderat", "削除済み", "dihapus", "eliminato"},
	"state.blocked":   {"blocked", "bloqué", "blockerat", "ブロック中", "diblokir", "bloccato"},
	// Sentences.
	"head.allowed": {
		"%[1]s may use the %[2]s for the customers of %[3]s.",
		"%[1]s peut utiliser %[2]s pour les clients de %[3]s.",
		"%[1]s får använda %[2]s för kunderna på %[3]s.",
		"%[1]s は %[3]s の顧客について %[2]s を使用できます。",
		"%[1]s dapat menggunakan %[2]s untuk pelanggan %[3]s.",
		"%[1]s può usare il %[2]s per i clienti di %[3]s."},
	"head.denied": {
		"%[1]s may not use the %[2]s for the customers of %[3]s.",
		"%[1]s ne peut pas utiliser %[2]s pour les clients de %[3]s.",
		"%[1]s får inte använda %[2]s för kunderna på %[3]s.",
		"%[1]s は %[3]s の顧客について %[2]s を使用できません。",
		"%[1]s tidak dapat menggunakan %[2]s untuk pelanggan %[3]s.",
		"%[1]s non può usare il %[2]s per i clienti di %[3]s."},
	"head.noAccount": {
		"No account was given, so access to the %[1]s is denied.",
		"Aucun compte n'a été indiqué : accès refusé (%[1]s).",
		"Inget konto angavs: åtkomst nekas (%[1]s).",
		"アカウントが指定されていないため、アクセスは拒否されます（%[1]s）。",
		"Tidak ada akun yang diberikan, jadi akses ditolak (%[1]s).",
		"Nessun account indicato: accesso negato (%[1]s)."},
	"reasons.intro": {
		"Allowed by:", "Accès accordé par :", "Åtkomst ges av:",
		"アクセスを許可しているもの:", "Diizinkan oleh:", "Accesso concesso da:"},
	"reason.superAdmin": {
		"the super admin role [P1.4]", "le rôle de super-administrateur [P1.4]",
		"rollen som avancerad administratör [P1.4]", "特権管理者ロール [P1.4]",
		"peran administrator super [P1.4]", "il ruolo di super amministratore [P1.4]"},
	"reason.resellerAdmin": {
		"the %[1]s role [P1.1]", "le rôle « %[1]s » [P1.1]", "rollen som %[1]s [P1.1]",
		"%[1]sロール [P1.1]", "peran %[1]s [P1.1]", "il ruolo %[1]s [P1.1]"},
	"reason.privilege": {
		"the privilege %[1]s, from the role \"%[2]s\" [%[3]s]",
		"le droit %[1]s, du rôle « %[2]s » [%[3]s]",
		"behörigheten %[1]s, från rollen ”%[2]s” [%[3]s]",
		"権限 %[1]s（ロール「%[2]s」）[%[3]s]",
		"hak istimewa %[1]s, dari peran \"%[2]s\" [%[3]s]",
		"il privilegio %[1]s, dal ruolo «%[2]s» [%[3]s]"},
	"via.group": {
		" (through the group %[1]s)", " (par le groupe %[1]s)", " (via gruppen %[1]s)",
		"（グループ %[1]s 経由）", " (melalui grup %[1]s)", " (tramite il gruppo %[1]s)"},
	"expires": {
		" (expires %[1]s)", " (expire le %[1]s)", " (upphör %[1]s)",
		"（有効期限 %[1]s）", " (berakhir %[1]s)", " (scade il %[1]s)"},
	"missing.intro": {
		"Missing:", "Il manque :", "Saknas:", "不足しているもの:", "Yang kurang:", "Manca:"},
	"missing.account": {
		"an account [P7]", "un compte [P7]", "ett konto [P7]", "アカウント [P7]", "sebuah akun [P7]", "un account [P7]"},
	"missing.knownState": {
		"an account state known to be active [P7]", "un état de compte connu et actif [P7]",
		"ett känt och aktivt kontotillstånd [P7]", "有効と確認できるアカウントの状態 [P7]",
		"status akun yang diketahui aktif [P7]", "uno stato dell'account noto e attivo [P7]"},
	"missing.active": {
		"an active account: this one is %[1]s [P5]", "un compte actif : celui-ci est %[1]s [P5]",
		"ett aktivt konto: det här är %[1]s [P5]", "有効なアカウント: このアカウントは%[1]sです [P5]",
		"akun yang aktif: akun ini %[1]s [P5]", "un account attivo: questo è %[1]s [P5]"},
	"missing.privilege": {
		"the privilege %[1]s [%[2]s]", "le droit %[1]s [%[2]s]", "behörigheten %[1]s [%[2]s]",
		"権限 %[1]s [%[2]s]", "hak istimewa %[1]s [%[2]s]", "il privilegio %[1]s [%[2]s]"},
	"missing.profile": {
		"a known portal profile [P2]", "un profil de portail connu [P2]", "en känd portalprofil [P2]",
		"既知のポータル プロファイル [P2]", "profil portal yang dikenal [P2]", "un profilo di portale noto [P2]"},
	"alternatives": {
		"Alternatively, the %[1]s role or the super admin role also grants access [P1.1, P1.4].",
		"Sinon, le rôle « %[1]s » ou le rôle de super-administrateur donne aussi accès [P1.1, P1.4].",
		"Alternativt ger rollen som %[1]s eller rollen som avancerad administratör också åtkomst [P1.1, P1.4].",
		"または、%[1]sロールか特権管理者ロールでもアクセスできます [P1.1, P1.4]。",
		"Atau, peran %[1]s atau peran administrator super juga memberikan akses [P1.1, P1.4].",
		"In alternativa, anche il ruolo %[1]s o il ruolo di super amministratore concedono l'accesso [P1.1, P1.4]."},
	"note.supportManager": {
		"The Cloud Support Center role \"%[1]s\" was ignored: it grants nothing since 26 October 2022 [P6].",
		"Le rôle « %[1]s » de Google Cloud Support Center a été ignoré : il n'accorde plus rien depuis le 26 octobre 2022 [P6].",
		"Rollen ”%[1]s” i Google Cloud Support Center ignorerades: den ger ingenting sedan den 26 oktober 2022 [P6].",
		"Google Cloud サポート センターの「%[1]s」ロールは無視されました。2022 年 10 月 26 日以降、このロールでは何も許可されません [P6]。",
		"Peran \"%[1]s\" dari Pusat Dukungan Google Cloud diabaikan: peran ini tidak memberikan apa pun sejak 26 Oktober 2022 [P6].",
		"Il ruolo «%[1]s» di Google Cloud Support Center è stato ignorato: è inattivo dal 26 ottobre 2022 [P6]."},
	"note.blocked": {
		"Its roles would otherwise allow access [P5].",
		"Ses rôles donneraient sinon accès [P5].",
		"Dess roller skulle annars ge åtkomst [P5].",
		"このアカウントのロールは、本来であればアクセスを許可します [P5]。",
		"Jika tidak diblokir, peran-perannya akan memberikan akses [P5].",
		"Altrimenti i suoi ruoli concederebbero l'accesso [P5]."},
	"note.expired": {
		"Some of its role assignments had expired and were ignored [P4].",
		"Certaines de ses attributions de rôle avaient expiré et ont été ignorées [P4].",
		"Några av dess rolltilldelningar hade upphört och ignorerades [P4].",
		"期限切れのロール割り当ては無視されました [P4]。",
		"Beberapa penetapan perannya sudah berakhir dan diabaikan [P4].",
		"Alcune sue assegnazioni di ruolo erano scadute e sono state ignorate [P4]."},
	"readAt": {
		"As read at %[1]s; role and privilege changes can take up to 24 hours to apply at Google [P8].",
		"État lu le %[1]s ; chez Google, les modifications de rôles et de droits peuvent prendre jusqu'à 24 heures [P8].",
		"Läst %[1]s; hos Google kan ändringar av roller och behörigheter ta upp till 24 timmar [P8].",
		"%[1]s 時点の情報です。Google ではロールと権限の変更が反映されるまで最大 24 時間かかることがあります [P8]。",
		"Dibaca pada %[1]s; di Google, perubahan peran dan hak istimewa dapat memerlukan waktu hingga 24 jam [P8].",
		"Stato letto il %[1]s; in Google le modifiche a ruoli e privilegi possono richiedere fino a 24 ore [P8]."},
	"readAt.unknown": {
		"Read time unknown; role and privilege changes can take up to 24 hours to apply at Google [P8].",
		"Date de lecture inconnue ; chez Google, les modifications de rôles et de droits peuvent prendre jusqu'à 24 heures [P8].",
		"Okänd lästid; hos Google kan ändringar av roller och behörigheter ta upp till 24 timmar [P8].",
		"取得時刻は不明です。Google ではロールと権限の変更が反映されるまで最大 24 時間かかることがあります [P8]。",
		"Waktu baca tidak diketahui; di Google, perubahan peran dan hak istimewa dapat memerlukan waktu hingga 24 jam [P8].",
		"Ora di lettura sconosciuta; in Google le modifiche a ruoli e privilegi possono richiedere fino a 24 ore [P8]."},
}

type printers struct {
	matcher language.Matcher
	byLang  [len(languages)]*message.Printer
}

// catalogPrinters builds the catalog once, in code, with message.SetString
// semantics (catalog.Builder.SetString), and one printer per language.
var catalogPrinters = sync.OnceValue(func() *printers {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for key, tr := range texts {
		for i, tag := range languages {
			// SetString only fails for a malformed message; these are
			// constants, and a test renders every one of them.
			_ = b.SetString(tag, key, tr[i])
		}
	}
	ps := &printers{matcher: language.NewMatcher(languages[:])}
	for i, tag := range languages {
		ps.byLang[i] = message.NewPrinter(tag, message.Catalog(b))
	}
	return ps
})

// printerFor returns the printer of the supported language closest to
// lang, and English when none is close.
func printerFor(lang language.Tag) *message.Printer {
	ps := catalogPrinters()
	_, i, conf := ps.matcher.Match(lang)
	if conf == language.No || i < 0 || i >= len(ps.byLang) {
		i = 0
	}
	return ps.byLang[i]
}

// MatchLanguage returns the language [Explain] uses for lang: the closest
// supported one, or English.
func MatchLanguage(lang language.Tag) language.Tag {
	ps := catalogPrinters()
	_, i, conf := ps.matcher.Match(lang)
	if conf == language.No || i < 0 || i >= len(languages) {
		return language.English
	}
	return languages[i]
}

// PrivilegeName returns the console path of a privilege in lang ("Reseller
// Tools › Customers › View Customers"), or the key itself for a key the
// portal rules do not use.
func PrivilegeName(k roles.PrivilegeKey, lang language.Tag) string {
	key := "priv." + string(k)
	if _, ok := texts[key]; !ok {
		return string(k)
	}
	return printerFor(lang).Sprintf(key)
}

// ProfileName returns the portal's name in lang ("Google Cloud Support Portal").
func ProfileName(p Profile, lang language.Tag) string {
	if p == CustomerCarePortal {
		return printerFor(lang).Sprintf("portal.ccp")
	}
	return printerFor(lang).Sprintf("portal.csp")
}

// ResellerAdminRoleName returns the console name of the pre-built Reseller
// Admin role in lang.
func ResellerAdminRoleName(lang language.Tag) string {
	return printerFor(lang).Sprintf("role.resellerAdmin")
}

// Explain renders d for people in lang: whether the account may use the
// portal and for which domain's customers (D1), each grant that allows it or
// each requirement it lacks, with the rule IDs, the notes (P4, P5, P6), and
// the time the facts were read with Google's 24-hour caveat (P8).
//
// It speaks English, French, Swedish, Japanese, Indonesian and Italian (see
// [Languages]) and names privileges by their console path in that language.
// Any other language, including [language.Und], falls back to English.
func Explain(d Decision, lang language.Tag) string {
	p := printerFor(lang)
	var b strings.Builder
	portal := ProfileName(d.Profile, lang)
	switch {
	case d.Account == "":
		b.WriteString(p.Sprintf("head.noAccount", portal))
	case d.Allowed:
		b.WriteString(p.Sprintf("head.allowed", d.Account, portal, d.Domain))
	default:
		b.WriteString(p.Sprintf("head.denied", d.Account, portal, d.Domain))
	}
	b.WriteByte('\n')
	if d.Allowed {
		b.WriteString(p.Sprintf("reasons.intro"))
		b.WriteByte('\n')
		for _, r := range d.reasons[:d.nReasons] {
			b.WriteString("  - ")
			switch r.Path {
			case PathSuperAdmin:
				b.WriteString(p.Sprintf("reason.superAdmin"))
			case PathResellerAdmin:
				b.WriteString(p.Sprintf("reason.resellerAdmin", p.Sprintf("role.resellerAdmin")))
			default:
				b.WriteString(p.Sprintf("reason.privilege", PrivilegeName(r.Privilege, lang), roleLabel(r.Grant), ruleOf(r)))
			}
			writeGrantDetail(&b, p, r.Grant)
			b.WriteByte('\n')
		}
	} else if d.nMissing > 0 {
		b.WriteString(p.Sprintf("missing.intro"))
		b.WriteByte('\n')
		for _, m := range d.missing[:d.nMissing] {
			b.WriteString("  - ")
			switch m {
			case RequireAccount:
				b.WriteString(p.Sprintf("missing.account"))
			case RequireKnownState:
				b.WriteString(p.Sprintf("missing.knownState"))
			case RequireActiveAccount:
				b.WriteString(p.Sprintf("missing.active", p.Sprintf(stateKey(d.State))))
			case RequireKnownProfile:
				b.WriteString(p.Sprintf("missing.profile"))
			default:
				b.WriteString(p.Sprintf("missing.privilege", PrivilegeName(m.Privilege(), lang), m.Rule()))
			}
			b.WriteByte('\n')
		}
		// The other paths of P1 help only when privileges are what is missing.
		privileges := false
		for _, m := range d.missing[:d.nMissing] {
			privileges = privileges || m.Privilege() != ""
		}
		if d.Account != "" && privileges {
			b.WriteString(p.Sprintf("alternatives", p.Sprintf("role.resellerAdmin")))
			b.WriteByte('\n')
		}
	}
	if d.notes.Has(NoteBlockedDespiteRoles) {
		b.WriteString(p.Sprintf("note.blocked"))
		b.WriteByte('\n')
	}
	if d.notes.Has(NoteExpiredGrants) {
		b.WriteString(p.Sprintf("note.expired"))
		b.WriteByte('\n')
	}
	if d.notes.Has(NoteSupportManagerIgnored) {
		b.WriteString(p.Sprintf("note.supportManager", p.Sprintf("role.supportManager")))
		b.WriteByte('\n')
	}
	if d.ReadAt.IsZero() {
		b.WriteString(p.Sprintf("readAt.unknown"))
	} else {
		b.WriteString(p.Sprintf("readAt", formatTime(d.ReadAt)))
	}
	return b.String()
}

func ruleOf(r Reason) string {
	if r.Path == PathCustomerPrivileges && r.Privilege == roles.Support {
		return "P1.2, P2"
	}
	return r.Path.Rule()
}

func roleLabel(g roles.Grant) string {
	switch {
	case g.RoleName != "":
		return g.RoleName
	case g.RoleID != "":
		return g.RoleID
	}
	return "?"
}

func writeGrantDetail(b *strings.Builder, p *message.Printer, g roles.Grant) {
	if g.ViaGroup != "" {
		b.WriteString(p.Sprintf("via.group", g.ViaGroup))
	}
	if !g.ExpireTime.IsZero() {
		b.WriteString(p.Sprintf("expires", formatTime(g.ExpireTime)))
	}
}

func stateKey(s AccountState) string {
	switch s {
	case StateSuspended:
		return "state.suspended"
	case StateArchived:
		return "state.archived"
	case StateDeleted:
		return "state.deleted"
	}
	return "state.blocked"
}

// formatTime renders a time the same way in every language: ISO 8601 in
// UTC, which reads unambiguously everywhere.
func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }
