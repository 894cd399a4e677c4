package main

import (
	"fmt"
	"net/http"

	"golang.org/x/text/language"
)

// lang is one of the six languages the dashboard speaks: those of
// access.Explain, so the reasons of a decision and the page around them are
// in the same language.
type lang struct {
	Code string       // the ?lang= value, e.g. "fr"
	Name string       // the language's own name, for the switch
	Tag  language.Tag // for access.Explain
	idx  int          // column in the message table
}

var langs = []lang{
	{Code: "en", Name: "English", Tag: language.English, idx: 0},
	{Code: "fr", Name: "Français", Tag: language.French, idx: 1},
	{Code: "sv", Name: "Svenska", Tag: language.Swedish, idx: 2},
	{Code: "ja", Name: "日本語", Tag: language.Japanese, idx: 3},
	{Code: "id", Name: "Bahasa Indonesia", Tag: language.Indonesian, idx: 4},
	{Code: "it", Name: "Italiano", Tag: language.Italian, idx: 5},
}

// langMatcher picks the nearest of langs for what a reader asks for, so a
// regional variant (fr-CA, sv-FI) gets its language and a language the
// dashboard lacks (pt) gets English, the first of langs and the fallback
// access.Explain documents.
var langMatcher = func() language.Matcher {
	tags := make([]language.Tag, len(langs))
	for i, l := range langs {
		tags[i] = l.Tag
	}
	return language.NewMatcher(tags)
}()

// langCookie keeps the language chosen with ?lang= across pages and forms.
const langCookie = "lang"

// Bounds on what the negotiation parses: a language tag of the six needs a
// few bytes; anything longer is not a choice and falls back to English.
const (
	maxLangParam      = 64
	maxAcceptLanguage = 1024
)

// langFromRequest negotiates the page's language: ?lang= first (any case,
// any regional variant), then the cookie a ?lang= set, then the browser's
// Accept-Language (with its q-values). An explicit ?lang= that matches none
// of the six is English; malformed input is never an error.
func langFromRequest(r *http.Request) lang {
	l, _ := negotiateLang(r)
	return l
}

// negotiateLang is langFromRequest, and also reports whether ?lang= chose
// the language, so render can remember the choice in the cookie.
func negotiateLang(r *http.Request) (l lang, explicit bool) {
	if v := r.URL.Query().Get("lang"); v != "" {
		return matchLang(v), true
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value != "" {
		if l, ok := matchLangOK(c.Value); ok {
			return l, false
		}
	}
	if h := r.Header.Get("Accept-Language"); h != "" && len(h) <= maxAcceptLanguage {
		if tags, _, err := language.ParseAcceptLanguage(h); err == nil && len(tags) > 0 {
			if _, i, conf := langMatcher.Match(tags...); conf != language.No {
				return langs[i], false
			}
		}
	}
	return langs[0], false
}

// matchLang returns the language nearest to the tag v, or English.
func matchLang(v string) lang {
	l, _ := matchLangOK(v)
	return l
}

// matchLangOK returns the language nearest to the tag v, and whether any
// of the six is near enough.
func matchLangOK(v string) (lang, bool) {
	if len(v) > maxLangParam {
		return langs[0], false
	}
	t, err := language.Parse(v)
	if err != nil {
		return langs[0], false
	}
	_, i, conf := langMatcher.Match(t)
	if conf == language.No {
		return langs[0], false
	}
	return langs[i], true
}

// rememberLang sets the language cookie when ?lang= chose the language, and
// says that the page varies with what the negotiation reads.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Vary", "Accept-Language, Cookie")
	l, explicit := negotiateLang(r)
	if !explicit {
		return
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value == l.Code {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l.Code, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// messages holds the page texts, one column per language in the order of
// langs. A key missing from the table renders as the key itself, which the
// tests catch. Pages with a file of their own keep their texts there and add
// them with registerMessages.
var messages = map[string][6]string{
	"app.title":            {"Reseller dashboard", "Tableau de bord revendeur", "Återförsäljarpanel", "販売パートナー ダッシュボード", "Dasbor reseller", "Dashboard rivenditore"},
	"nav.grid":             {"Access", "Accès", "Åtkomst", "アクセス", "Akses", "Accesso"},
	"nav.customers":        {"Customers", "Clients", "Kunder", "顧客", "Pelanggan", "Clienti"},
	"nav.seats":            {"Seats", "Licences", "Licenser", "ライセンス", "Lisensi", "Licenze"},
	"nav.cases":            {"Cases", "Demandes", "Ärenden", "ケース", "Kasus", "Richieste"},
	"nav.plan":             {"Setup plan", "Plan de configuration", "Konfigurationsplan", "設定プラン", "Rencana penyiapan", "Piano di configurazione"},
	"nav.label":            {"Pages", "Pages", "Sidor", "ページ", "Halaman", "Pagine"},
	"cases.pages":          {"Pages of the list", "Pages de la liste", "Listans sidor", "一覧のページ", "Halaman daftar", "Pagine dell'elenco"},
	"customers.premiumfig": {"Premium Support", "Assistance Premium", "Premium Support", "プレミアム サポート", "Dukungan Premium", "Assistenza Premium"},
	"lang":                 {"Language", "Langue", "Språk", "言語", "Bahasa", "Lingua"},
	"refresh":              {"Read again", "Relire", "Läs om", "再読み込み", "Baca ulang", "Rileggi"},
	"source":               {"Data: %s", "Données : %s", "Data: %s", "データ: %s", "Data: %s", "Dati: %s"},
	"source_fake":          {"embedded fake world", "monde fictif intégré", "inbyggd testvärld", "組み込みのフェイク環境", "dunia tiruan bawaan", "mondo fittizio incorporato"},
	"readat": {
		"Read at %s. Role and privilege changes can take up to 24 hours to apply at Google.",
		"Lu le %s. Les modifications de rôles et de droits peuvent prendre jusqu'à 24 heures chez Google.",
		"Läst %s. Ändringar av roller och behörigheter kan ta upp till 24 timmar hos Google.",
		"%s に読み込み。役割と権限の変更が Google で反映されるまで最大 24 時間かかることがあります。",
		"Dibaca pada %s. Perubahan peran dan hak istimewa dapat memerlukan waktu hingga 24 jam di Google.",
		"Letto il %s. Le modifiche a ruoli e privilegi possono richiedere fino a 24 ore in Google.",
	},
	"yes":         {"yes", "oui", "ja", "はい", "ya", "sì"},
	"no":          {"no", "non", "nej", "いいえ", "tidak", "no"},
	"error.title": {"Something went wrong", "Une erreur s'est produite", "Något gick fel", "エラーが発生しました", "Terjadi kesalahan", "Si è verificato un errore"},
	"error.back":  {"Back to the access grid", "Retour à la grille d'accès", "Tillbaka till åtkomstrutnätet", "アクセス表に戻る", "Kembali ke tabel akses", "Torna alla griglia degli accessi"},

	// The access grid.
	"grid.title": {"Staff × reseller domain", "Équipe × domaine revendeur", "Personal × återförsäljardomän", "スタッフ × 販売パートナー ドメイン", "Staf × domain reseller", "Staff × dominio rivenditore"},
	"grid.intro": {
		"The support portal shows only the customers of the domain you sign in with, so each person needs an eligible account on every reseller domain they serve.",
		"Le portail d'assistance n'affiche que les clients du domaine avec lequel vous êtes connecté : chaque personne a donc besoin d'un compte autorisé sur chaque domaine revendeur qu'elle sert.",
		"Supportportalen visar bara kunderna för den domän du loggar in med, så varje person behöver ett behörigt konto på varje återförsäljardomän den arbetar med.",
		"サポート ポータルにはログインしたドメインの顧客だけが表示されます。そのため、担当するすべての販売パートナー ドメインに、条件を満たすアカウントが必要です。",
		"Portal dukungan hanya menampilkan pelanggan dari domain yang Anda gunakan untuk login, jadi setiap orang memerlukan akun yang memenuhi syarat di setiap domain reseller yang dilayaninya.",
		"Il portale di assistenza mostra solo i clienti del dominio con cui accedi, quindi ogni persona ha bisogno di un account idoneo su ogni dominio rivenditore che segue.",
	},
	"grid.person":            {"Person", "Personne", "Person", "担当者", "Orang", "Persona"},
	"grid.allowed":           {"allowed", "autorisé", "tillåten", "許可", "diizinkan", "consentito"},
	"grid.denied":            {"denied", "refusé", "nekad", "拒否", "ditolak", "negato"},
	"grid.noaccount":         {"no account", "aucun compte", "inget konto", "アカウントなし", "tidak ada akun", "nessun account"},
	"grid.hidden":            {"Customers not visible", "Clients invisibles", "Kunder som inte syns", "表示されない顧客", "Pelanggan tidak terlihat", "Clienti non visibili"},
	"grid.primary":           {"primary", "principal", "primär", "プライマリ", "utama", "principale"},
	"grid.secondary":         {"secondary", "secondaire", "sekundär", "セカンダリ", "sekunder", "secondario"},
	"grid.unverified":        {"not verified", "non validé", "inte verifierad", "未確認", "belum diverifikasi", "non verificato"},
	"grid.plan":              {"plan", "plan", "plan", "プラン", "rencana", "piano"},
	"grid.profile":           {"Portal", "Portail", "Portal", "ポータル", "Portal", "Portale"},
	"grid.apply":             {"Show", "Afficher", "Visa", "表示", "Tampilkan", "Mostra"},
	"grid.cellhidden":        {"%d customers out of sight", "%d clients invisibles", "%d kunder syns inte", "%d 件の顧客が非表示", "%d pelanggan tidak terlihat", "%d clienti non visibili"},
	"state.suspended":        {"suspended", "suspendu", "avstängt", "停止中", "ditangguhkan", "sospeso"},
	"state.archived":         {"archived", "archivé", "arkiverat", "アーカイブ済み", "diarsipkan", "archiviato"},
	"state.deleted":          {"deleted", "supprimé", "raderat", "削除済み", "dihapus", "eliminato"},
	"license.none":           {"no license", "aucune licence", "ingen licens", "ライセンスなし", "tanpa lisensi", "nessuna licenza"},
	"license.cloud-identity": {"Cloud Identity license", "licence Cloud Identity", "Cloud Identity-licens", "Cloud Identity ライセンス", "lisensi Cloud Identity", "licenza Cloud Identity"},
	"license.workspace":      {"Workspace license only", "licence Workspace uniquement", "endast Workspace-licens", "Workspace ライセンスのみ", "hanya lisensi Workspace", "solo licenza Workspace"},
	"license.double":         {"two licenses (S2)", "deux licences (S2)", "två licenser (S2)", "ライセンス 2 つ (S2)", "dua lisensi (S2)", "due licenze (S2)"},
	"grid.expand":            {"Show every reason", "Afficher tous les motifs", "Visa alla skäl", "すべての理由を表示", "Tampilkan semua alasan", "Mostra tutti i motivi"},
	"grid.collapse":          {"Hide the reasons", "Masquer les motifs", "Dölj skälen", "理由を隠す", "Sembunyikan alasan", "Nascondi i motivi"},
	"skip.expired": {
		"The assignment of the role \u201c%s\u201d expired on %s and grants nothing [P4].",
		"L'attribution du rôle « %s » a expiré le %s et n'accorde rien [P4].",
		"Tilldelningen av rollen ”%s” upphörde %s och ger ingenting [P4].",
		"ロール「%s」の割り当ては %s に期限切れとなり、何も許可しません [P4]。",
		"Penetapan peran \u201c%s\u201d berakhir pada %s dan tidak memberikan apa pun [P4].",
		"L'assegnazione del ruolo «%s» è scaduta il %s e non concede nulla [P4].",
	},
	"skip.orgunit": {
		"The role \u201c%s\u201d is assigned on an organizational unit only: reseller privileges need a customer-wide assignment [P4].",
		"Le rôle « %s » est attribué sur une unité organisationnelle seulement : les droits revendeur demandent une attribution sur tout le compte [P4].",
		"Rollen ”%s” är bara tilldelad för en organisationsenhet: återförsäljarbehörigheter kräver en tilldelning för hela kontot [P4].",
		"ロール「%s」は組織部門にのみ割り当てられています。販売パートナーの権限には、顧客全体への割り当てが必要です [P4]。",
		"Peran \u201c%s\u201d hanya ditetapkan pada unit organisasi: hak istimewa reseller memerlukan penetapan untuk seluruh akun [P4].",
		"Il ruolo «%s» è assegnato solo a un'unità organizzativa: i privilegi da rivenditore richiedono un'assegnazione a tutto l'account [P4].",
	},
	"skip.conditional": {
		"The assignment of the role \u201c%s\u201d has a condition and is not counted.",
		"L'attribution du rôle « %s » est soumise à une condition et n'est pas comptée.",
		"Tilldelningen av rollen ”%s” har ett villkor och räknas inte.",
		"ロール「%s」の割り当てには条件があるため、考慮されません。",
		"Penetapan peran \u201c%s\u201d memiliki syarat dan tidak dihitung.",
		"L'assegnazione del ruolo «%s» ha una condizione e non viene considerata.",
	},
	"skip.norole": {
		"An assignment names the role %s, which no longer exists.",
		"Une attribution désigne le rôle %s, qui n'existe plus.",
		"En tilldelning anger rollen %s, som inte längre finns.",
		"割り当てに指定されたロール %s はもう存在しません。",
		"Sebuah penetapan menyebut peran %s, yang sudah tidak ada.",
		"Un'assegnazione indica il ruolo %s, che non esiste più.",
	},
	"grid.summary": {"%d of %d people can see every customer.", "%d personnes sur %d voient tous les clients.", "%d av %d personer ser alla kunder.", "%[2]d 人中 %[1]d 人がすべての顧客を表示できます。", "%d dari %d orang dapat melihat semua pelanggan.", "%d persone su %d vedono tutti i clienti."},

	// Customers.
	"customers.title":      {"Customers of %s", "Clients de %s", "Kunder för %s", "%s の顧客", "Pelanggan %s", "Clienti di %s"},
	"customers.domain":     {"Reseller domain", "Domaine revendeur", "Återförsäljardomän", "販売パートナー ドメイン", "Domain reseller", "Dominio rivenditore"},
	"customers.name":       {"Customer", "Client", "Kund", "顧客", "Pelanggan", "Cliente"},
	"customers.id":         {"Customer ID", "ID client", "Kund-ID", "顧客 ID", "ID pelanggan", "ID cliente"},
	"customers.access":     {"Reseller access", "Accès revendeur", "Återförsäljaråtkomst", "販売パートナー アクセス", "Akses reseller", "Accesso rivenditore"},
	"customers.plan":       {"Support plan", "Forfait d'assistance", "Supportplan", "サポート プラン", "Paket dukungan", "Piano di assistenza"},
	"customers.open":       {"Open cases", "Demandes ouvertes", "Öppna ärenden", "未解決のケース", "Kasus terbuka", "Richieste aperte"},
	"customers.granted":    {"granted", "accordé", "beviljad", "許可済み", "diberikan", "concesso"},
	"customers.revoked":    {"not granted: cases cannot be filed", "non accordé : impossible de créer une demande", "inte beviljad: ärenden kan inte skapas", "未許可: ケースを作成できません", "tidak diberikan: kasus tidak dapat diajukan", "non concesso: impossibile aprire richieste"},
	"customers.revokedfig": {"Without reseller access", "Sans accès revendeur", "Utan återförsäljaråtkomst", "販売パートナー アクセスなし", "Tanpa akses reseller", "Senza accesso rivenditore"},
	"customers.count":      {"%d customers, %d without reseller access.", "%d clients, dont %d sans accès revendeur.", "%d kunder, %d utan återförsäljaråtkomst.", "顧客 %d 件 (うち販売パートナー アクセスなし %d 件)。", "%d pelanggan, %d tanpa akses reseller.", "%d clienti, di cui %d senza accesso rivenditore."},

	// Seats.
	"seats.title":     {"Licenses per SKU", "Licences par SKU", "Licenser per SKU", "SKU 別ライセンス", "Lisensi per SKU", "Licenze per SKU"},
	"seats.account":   {"Reseller account", "Compte revendeur", "Återförsäljarkonto", "販売パートナー アカウント", "Akun reseller", "Account rivenditore"},
	"seats.sku":       {"SKU", "SKU", "SKU", "SKU", "SKU", "SKU"},
	"seats.assigned":  {"Assigned", "Attribuées", "Tilldelade", "割り当て済み", "Ditetapkan", "Assegnate"},
	"seats.available": {"Available", "Disponibles", "Tillgängliga", "利用可能", "Tersedia", "Disponibili"},
	"seats.total":     {"Total", "Total", "Totalt", "合計", "Total", "Totale"},
	"seats.usage":     {"Usage", "Utilisation", "Användning", "使用率", "Penggunaan", "Utilizzo"},
	"seats.low":       {"Almost full: a super admin must request more seats.", "Presque plein : un super-administrateur doit demander plus de licences.", "Nästan fullt: en superadministratör måste begära fler licenser.", "残りわずか: 特権管理者がライセンスの追加をリクエストする必要があります。", "Hampir penuh: admin super harus meminta tambahan lisensi.", "Quasi esaurite: un super amministratore deve richiedere altre licenze."},
	"seats.unknown":   {"unknown", "inconnu", "okänt", "不明", "tidak diketahui", "sconosciuto"},
	"seats.user":      {"Account", "Compte", "Konto", "アカウント", "Akun", "Account"},
	"seats.double":    {"Accounts with two licenses", "Comptes avec deux licences", "Konton med två licenser", "2 つのライセンスを持つアカウント", "Akun dengan dua lisensi", "Account con due licenze"},
	"seats.doubleintro": {
		"These staff accounts hold both a Google Workspace license and a Cloud Identity license: automatic licensing is on for their organizational unit (rule S2). No API turns it off: a super admin must turn off automatic licensing for the organizational unit in the Admin console.",
		"Ces comptes ont à la fois une licence Google Workspace et une licence Cloud Identity : l'attribution automatique de licence est activée pour leur unité organisationnelle (règle S2). Aucune API ne la désactive : un super-administrateur doit la désactiver dans la console d'administration.",
		"De här kontona har både en Google Workspace-licens och en Cloud Identity-licens: automatisk licensiering är på för deras organisationsenhet (regel S2). Inget API stänger av den: en superadministratör måste stänga av automatisk licensiering för organisationsenheten i Admin-konsolen.",
		"これらのアカウントには Google Workspace と Cloud Identity の両方のライセンスがあります。組織部門でライセンスの自動割り当てがオンになっています (ルール S2)。API ではオフにできないため、特権管理者が管理コンソールで組織部門のライセンスの自動割り当てをオフにする必要があります。",
		"Akun ini memiliki lisensi Google Workspace dan lisensi Cloud Identity: pemberian lisensi otomatis aktif untuk unit organisasinya (aturan S2). Tidak ada API untuk menonaktifkannya: admin super harus menonaktifkan pemberian lisensi otomatis untuk unit organisasi tersebut di Konsol Admin.",
		"Questi account hanno sia una licenza Google Workspace sia una licenza Cloud Identity: l'assegnazione automatica delle licenze è attiva per la loro unità organizzativa (regola S2). Nessuna API la disattiva: un super amministratore deve disattivare l'assegnazione automatica delle licenze per l'unità organizzativa nella Console di amministrazione.",
	},
	"seats.nodouble": {"No account holds two licenses.", "Aucun compte n'a deux licences.", "Inget konto har två licenser.", "2 つのライセンスを持つアカウントはありません。", "Tidak ada akun dengan dua lisensi.", "Nessun account ha due licenze."},
	"seats.source":   {"Source of the seat count", "Origine du nombre de licences", "Källa för antalet licenser", "ライセンス数の取得元", "Sumber jumlah lisensi", "Origine del numero di licenze"},

	// Cases.
	"cases.title":             {"Support cases", "Demandes d'assistance", "Supportärenden", "サポートケース", "Kasus dukungan", "Richieste di assistenza"},
	"cases.keyword":           {"Keyword", "Mot clé", "Nyckelord", "キーワード", "Kata kunci", "Parola chiave"},
	"cases.status":            {"Status", "État", "Status", "ステータス", "Status", "Stato"},
	"cases.state":             {"Stage", "Étape", "Fas", "進捗", "Tahap", "Fase"},
	"cases.severity":          {"Severity", "Gravité", "Allvarlighetsgrad", "重大度", "Tingkat keparahan", "Gravità"},
	"cases.customer":          {"Customer", "Client", "Kund", "顧客", "Pelanggan", "Cliente"},
	"cases.any":               {"any", "tous", "alla", "すべて", "semua", "tutti"},
	"cases.filter":            {"Filter", "Filtrer", "Filtrera", "絞り込む", "Filter", "Filtra"},
	"cases.clear":             {"Clear", "Effacer", "Rensa", "クリア", "Hapus", "Cancella"},
	"cases.case":              {"Case", "Demande", "Ärende", "ケース", "Kasus", "Richiesta"},
	"cases.subject":           {"Title", "Titre", "Rubrik", "タイトル", "Judul", "Titolo"},
	"cases.updated":           {"Updated", "Mise à jour", "Uppdaterad", "更新日時", "Diperbarui", "Aggiornata"},
	"cases.escalatable":       {"Escalatable", "Remontée possible", "Kan eskaleras", "エスカレーション可", "Dapat dieskalasi", "Riassegnabile"},
	"cases.reopen":            {"Reopen deadline", "Réouverture jusqu'au", "Kan återöppnas till", "再開期限", "Batas waktu buka kembali", "Riapribile fino al"},
	"cases.reopenpast":        {"passed: file a new case", "dépassé : créez une demande", "passerad: skapa ett nytt ärende", "期限切れ: 新しいケースを作成", "lewat: ajukan kasus baru", "scaduto: apri una nuova richiesta"},
	"cases.escalated":         {"escalated", "remontée", "eskalerad", "エスカレーション済み", "dieskalasi", "riassegnata"},
	"cases.premiumonly":       {"Premium Support only", "Premium Support uniquement", "Endast Premium Support", "プレミアム サポートのみ", "Hanya Premium Support", "Solo Premium Support"},
	"cases.prev":              {"Newer", "Plus récentes", "Nyare", "新しい順へ", "Lebih baru", "Più recenti"},
	"cases.next":              {"Older", "Plus anciennes", "Äldre", "古い順へ", "Lebih lama", "Meno recenti"},
	"cases.first":             {"First page", "Première page", "Första sidan", "最初のページ", "Halaman pertama", "Prima pagina"},
	"cases.none":              {"No case matches these filters.", "Aucune demande ne correspond à ces filtres.", "Inga ärenden matchar filtren.", "条件に一致するケースはありません。", "Tidak ada kasus yang cocok dengan filter ini.", "Nessuna richiesta corrisponde ai filtri."},
	"cases.counts":            {"Cases by severity and state", "Demandes par gravité et état", "Ärenden per allvarlighetsgrad och status", "重大度と状態別のケース", "Kasus menurut tingkat keparahan dan status", "Richieste per gravità e stato"},
	"cases.total":             {"Total", "Total", "Totalt", "合計", "Total", "Totale"},
	"cases.list":              {"Cases, most recently updated first", "Demandes, les plus récemment mises à jour d'abord", "Ärenden, senast uppdaterade först", "ケース (更新の新しい順)", "Kasus, yang terakhir diperbarui lebih dulu", "Richieste, dalla più recente"},
	"cases.account":           {"Reseller account", "Compte revendeur", "Återförsäljarkonto", "販売パートナー アカウント", "Akun reseller", "Account rivenditore"},
	"cases.open":              {"open", "ouvertes", "öppna", "未解決", "terbuka", "aperte"},
	"cases.closed":            {"closed", "fermées", "stängda", "クローズ済み", "ditutup", "chiuse"},
	"severity.S0":             {"service down", "service hors service", "tjänsten nere", "サービス停止", "layanan mati", "servizio non disponibile"},
	"severity.S1":             {"critical impact", "impact critique", "kritisk påverkan", "重大な影響", "dampak kritis", "impatto critico"},
	"severity.S2":             {"severe impact", "impact grave", "allvarlig påverkan", "深刻な影響", "dampak berat", "impatto grave"},
	"severity.S3":             {"medium impact", "impact moyen", "måttlig påverkan", "中程度の影響", "dampak sedang", "impatto medio"},
	"severity.S4":             {"question or minor issue", "question ou problème mineur", "fråga eller mindre problem", "質問または軽微な問題", "pertanyaan atau masalah kecil", "domanda o problema minore"},
	"state.new":               {"new", "nouvelle", "ny", "新規", "baru", "nuova"},
	"state.in progress":       {"in progress", "en cours", "pågår", "対応中", "sedang diproses", "in corso"},
	"state.action required":   {"action required", "action requise", "åtgärd krävs", "要対応", "perlu tindakan", "azione richiesta"},
	"state.solution provided": {"solution provided", "solution proposée", "lösning given", "解決策の提示済み", "solusi diberikan", "soluzione fornita"},
	"state.closed":            {"closed", "fermée", "stängt", "クローズ済み", "ditutup", "chiusa"},
	"cases.page":              {"Page %d", "Page %d", "Sida %d", "%d ページ", "Halaman %d", "Pagina %d"},

	"seats.err": {
		"The seat count could not be read; see the dashboard's log.",
		"Le nombre de licences n'a pas pu être lu ; voir le journal du tableau de bord.",
		"Antalet licenser kunde inte läsas; se panelens logg.",
		"ライセンス数を読み込めませんでした。ダッシュボードのログを確認してください。",
		"Jumlah lisensi tidak dapat dibaca; lihat log dasbor.",
		"Impossibile leggere il numero di licenze; vedi il log della dashboard.",
	},
	"seats.src.configured":   {"set with -seats", "fixé par -seats", "angivet med -seats", "-seats で指定", "ditetapkan dengan -seats", "impostato con -seats"},
	"seats.src.subscription": {"Reseller API, subscription %s", "API Reseller, abonnement %s", "Reseller API, prenumeration %s", "Reseller API、サブスクリプション %s", "Reseller API, langganan %s", "API Reseller, abbonamento %s"},

	// The setup plan.
	"plan.ok":     {"OK", "OK", "OK", "OK", "OK", "OK"},
	"plan.title":  {"Setup plan for %s", "Plan de configuration pour %s", "Konfigurationsplan för %s", "%s の設定プラン", "Rencana penyiapan untuk %s", "Piano di configurazione per %s"},
	"plan.choose": {"Person", "Personne", "Person", "担当者", "Orang", "Persona"},
	"plan.show":   {"Show the plan", "Afficher le plan", "Visa planen", "プランを表示", "Tampilkan rencana", "Mostra il piano"},
	"plan.dryrun": {
		"Nothing has been changed. Apply the plan with the SDK (access.Setup.Apply) or examples/provision.",
		"Rien n'a été modifié. Appliquez le plan avec le SDK (access.Setup.Apply) ou examples/provision.",
		"Inget har ändrats. Tillämpa planen med SDK:t (access.Setup.Apply) eller examples/provision.",
		"何も変更されていません。プランは SDK (access.Setup.Apply) または examples/provision で適用します。",
		"Tidak ada yang diubah. Terapkan rencana dengan SDK (access.Setup.Apply) atau examples/provision.",
		"Non è stato modificato nulla. Applica il piano con l'SDK (access.Setup.Apply) o examples/provision.",
	},
	"plan.manualtitle": {"Manual steps: no API can do them", "Étapes manuelles : aucune API ne peut les faire", "Manuella steg: inget API kan göra dem", "手動の手順 (API では実行できません)", "Langkah manual: tidak ada API yang dapat melakukannya", "Passaggi manuali: nessuna API può eseguirli"},
	"plan.dryruntag":   {"Dry run", "Simulation", "Torrkörning", "ドライラン", "Uji coba", "Prova"},
	"plan.rule":        {"Rule", "Règle", "Regel", "ルール", "Aturan", "Regola"},
	"plan.role":        {"Role", "Rôle", "Roll", "ロール", "Peran", "Ruolo"},
	"plan.customrole":  {"Custom role with the portal's privileges", "Rôle personnalisé avec les droits du portail", "Anpassad roll med portalens behörigheter", "ポータルの権限を持つカスタム ロール", "Peran khusus dengan hak istimewa portal", "Ruolo personalizzato con i privilegi del portale"},
	"plan.changes":     {"changes to make", "modifications à faire", "ändringar att göra", "必要な変更", "perubahan yang perlu dibuat", "modifiche da fare"},
	"plan.ready":       {"ready", "prêt", "klar", "適用可能", "siap", "pronto"},
	"plan.notready":    {"blocked", "bloqué", "blockerad", "ブロック", "terblokir", "bloccato"},
	"plan.status":      {"Can it be applied?", "Applicable ?", "Kan den tillämpas?", "適用できるか", "Dapat diterapkan?", "Applicabile?"},
	"plan.account":     {"Reseller account %s", "Compte revendeur %s", "Återförsäljarkonto %s", "販売パートナー アカウント %s", "Akun reseller %s", "Account rivenditore %s"},
	"plan.caller":      {"as %s", "en tant que %s", "som %s", "%s として", "sebagai %s", "come %s"},
	"plan.check":       {"Check", "Vérification", "Kontroll", "確認", "Pemeriksaan", "Verifica"},
	"plan.fix":         {"Fix:", "Correction :", "Åtgärd:", "対処:", "Perbaikan:", "Correzione:"},
	"plan.warning":     {"warning", "avertissement", "varning", "警告", "peringatan", "avviso"},
	"plan.create":      {"to create", "à créer", "skapas", "作成予定", "akan dibuat", "da creare"},
	"plan.update":      {"to change", "à modifier", "ändras", "変更予定", "akan diubah", "da modificare"},
	"plan.step":        {"Step", "Étape", "Steg", "ステップ", "Langkah", "Passaggio"},
	"plan.what":        {"What", "Quoi", "Vad", "内容", "Apa", "Cosa"},
	"plan.state":       {"State", "État", "Läge", "状態", "Status", "Stato"},
	"plan.manual":      {"manual", "manuel", "manuellt", "手動", "manual", "manuale"},
	"plan.change":      {"will change", "à faire", "ändras", "変更予定", "akan diubah", "da fare"},
	"plan.holds":       {"already holds", "déjà en place", "redan klart", "設定済み", "sudah sesuai", "già a posto"},
	"plan.blocked":     {"blocked", "bloqué", "blockerad", "ブロック", "terblokir", "bloccato"},
	"plan.none":        {"Choose a person to see what setting them up would do.", "Choisissez une personne pour voir ce que sa configuration ferait.", "Välj en person för att se vad konfigurationen skulle göra.", "担当者を選ぶと、設定で何が行われるかを表示します。", "Pilih seseorang untuk melihat apa yang akan dilakukan penyiapannya.", "Scegli una persona per vedere cosa farebbe la sua configurazione."},
	"plan.nothing": {
		"Nothing to change: %s already has everything the setup would give.",
		"Rien à changer : %s a déjà tout ce que la configuration donnerait.",
		"Inget att ändra: %s har redan allt som konfigurationen skulle ge.",
		"変更は不要です: %s は設定で得られるものをすでにすべて持っています。",
		"Tidak ada yang perlu diubah: %s sudah memiliki semua yang akan diberikan penyiapan.",
		"Niente da cambiare: %s ha già tutto ciò che la configurazione darebbe.",
	},

	// The drill-down pages: a customer, a gap, a case.
	"customer.title": {"Customer %s", "Client %s", "Kund %s", "顧客 %s", "Pelanggan %s", "Cliente %s"},
	"customer.intro": {
		"Only accounts on %s see this customer in the support portal; below, who can and through which role, and who cannot and why.",
		"Seuls les comptes de %s voient ce client dans le portail d'assistance ; ci-dessous, qui le voit et par quel rôle, et qui ne le voit pas et pourquoi.",
		"Bara konton på %s ser den här kunden i supportportalen; nedan vem som kan och genom vilken roll, och vem som inte kan och varför.",
		"サポート ポータルでこの顧客を表示できるのは %s のアカウントだけです。以下に、表示できる人とその役割、表示できない人とその理由を示します。",
		"Hanya akun di %s yang melihat pelanggan ini di portal dukungan; di bawah, siapa yang bisa dan melalui peran apa, serta siapa yang tidak bisa dan alasannya.",
		"Solo gli account di %s vedono questo cliente nel portale di assistenza; qui sotto, chi può e con quale ruolo, e chi non può e perché.",
	},
	"customer.can":             {"Who can see it", "Qui le voit", "Vem som ser den", "表示できる人", "Siapa yang dapat melihatnya", "Chi lo vede"},
	"customer.cannot":          {"Who cannot see it, and why", "Qui ne le voit pas, et pourquoi", "Vem som inte ser den, och varför", "表示できない人とその理由", "Siapa yang tidak dapat melihatnya, dan alasannya", "Chi non lo vede, e perché"},
	"customer.account":         {"Account", "Compte", "Konto", "アカウント", "Akun", "Account"},
	"customer.through":         {"Through", "Par", "Genom", "経由", "Melalui", "Tramite"},
	"customer.why":             {"Why", "Pourquoi", "Varför", "理由", "Alasan", "Perché"},
	"customer.via":             {"role %s: %s", "rôle %s : %s", "rollen %s: %s", "役割 %s: %s", "peran %s: %s", "ruolo %s: %s"},
	"customer.noaccount":       {"No account on %s: the portal shows this customer only to accounts on that domain.", "Aucun compte sur %s : le portail ne montre ce client qu'aux comptes de ce domaine.", "Inget konto på %s: portalen visar kunden bara för konton på den domänen.", "%s にアカウントがありません。ポータルはこのドメインのアカウントにだけこの顧客を表示します。", "Tidak ada akun di %s: portal hanya menampilkan pelanggan ini kepada akun di domain tersebut.", "Nessun account su %s: il portale mostra questo cliente solo agli account di quel dominio."},
	"customer.nobody":          {"Nobody on the team can see this customer.", "Personne dans l'équipe ne voit ce client.", "Ingen i teamet ser den här kunden.", "チームの誰もこの顧客を表示できません。", "Tidak ada anggota tim yang dapat melihat pelanggan ini.", "Nessuno del team vede questo cliente."},
	"customer.everyone":        {"Everyone on the team can see this customer.", "Toute l'équipe voit ce client.", "Alla i teamet ser den här kunden.", "チーム全員がこの顧客を表示できます。", "Semua anggota tim dapat melihat pelanggan ini.", "Tutto il team vede questo cliente."},
	"customer.caseserr":        {"The cases of this customer could not be read; try again later, and see the dashboard's log for the detail.", "Les demandes de ce client n'ont pas pu être lues ; réessayez plus tard, le détail est dans le journal du tableau de bord.", "Kundens ärenden kunde inte läsas; försök igen senare och se panelens logg för detaljer.", "この顧客のケースを読み込めませんでした。後でもう一度お試しください。詳細はダッシュボードのログにあります。", "Kasus pelanggan ini tidak dapat dibaca; coba lagi nanti, dan lihat log dasbor untuk detailnya.", "Impossibile leggere le richieste di questo cliente; riprova più tardi e consulta il log della dashboard per i dettagli."},
	"customer.allcases":        {"All cases of this customer", "Toutes les demandes de ce client", "Alla ärenden för kunden", "この顧客のすべてのケース", "Semua kasus pelanggan ini", "Tutte le richieste di questo cliente"},
	"path.customer-privileges": {"customer privileges", "droits sur les clients", "kundbehörigheter", "顧客に対する権限", "hak istimewa pelanggan", "privilegi sui clienti"},
	"path.legacy-support":      {"legacy support privilege", "ancien droit d'assistance", "äldre supportbehörighet", "従来のサポート権限", "hak istimewa dukungan lama", "privilegio di assistenza precedente"},
	"path.super-admin":         {"super administrator", "super-administrateur", "superadministratör", "特権管理者", "admin super", "super amministratore"},
	"gap.title":                {"Customers %s cannot see on %s", "Clients que %s ne voit pas sur %s", "Kunder som %s inte ser på %s", "%s が %s で表示できない顧客", "Pelanggan yang tidak dapat dilihat %s di %s", "Clienti che %s non vede su %s"},
	"gap.intro":                {"The portal shows the customers of %s only to an eligible account on that domain.", "Le portail ne montre les clients de %s qu'à un compte autorisé de ce domaine.", "Portalen visar kunderna för %s bara för ett behörigt konto på den domänen.", "ポータルは %s の顧客を、このドメインの条件を満たすアカウントにだけ表示します。", "Portal hanya menampilkan pelanggan %s kepada akun yang memenuhi syarat di domain tersebut.", "Il portale mostra i clienti di %s solo a un account idoneo di quel dominio."},
	"gap.none":                 {"This cell hides no customer.", "Cette case ne masque aucun client.", "Den här cellen döljer inga kunder.", "このセルで非表示の顧客はありません。", "Sel ini tidak menyembunyikan pelanggan.", "Questa cella non nasconde alcun cliente."},
	"case.title":               {"Case: %s", "Demande : %s", "Ärende: %s", "ケース: %s", "Kasus: %s", "Richiesta: %s"},
	"case.escclosed":           {"no: the case is closed", "non : la demande est fermée", "nej: ärendet är stängt", "いいえ: ケースはクローズ済みです", "tidak: kasus sudah ditutup", "no: la richiesta è chiusa"},
	"case.category":            {"Category", "Catégorie", "Kategori", "カテゴリ", "Kategori", "Categoria"},
	"case.filer":               {"Filed by", "Créée par", "Skapad av", "作成者", "Diajukan oleh", "Aperta da"},
	"case.created":             {"Created", "Créée le", "Skapad", "作成日時", "Dibuat", "Creata"},
	"case.shared":              {"Updates sent to", "Mises à jour envoyées à", "Uppdateringar skickas till", "更新の送信先", "Pembaruan dikirim ke", "Aggiornamenti inviati a"},
	"case.comments":            {"Comments", "Commentaires", "Kommentarer", "コメント", "Komentar", "Commenti"},
	"case.nocomments":          {"No comment yet.", "Aucun commentaire pour l'instant.", "Inga kommentarer ännu.", "コメントはまだありません。", "Belum ada komentar.", "Ancora nessun commento."},
	"case.attachments":         {"Attachments", "Pièces jointes", "Bilagor", "添付ファイル", "Lampiran", "Allegati"},
	"case.noattachments":       {"No attachment.", "Aucune pièce jointe.", "Inga bilagor.", "添付ファイルはありません。", "Tidak ada lampiran.", "Nessun allegato."},
	"case.file":                {"File", "Fichier", "Fil", "ファイル", "Berkas", "File"},
	"case.type":                {"Type", "Type", "Typ", "種類", "Jenis", "Tipo"},
	"case.size":                {"Bytes", "Octets", "Byte", "バイト", "Byte", "Byte"},
	"case.more":                {"Only the first 200 comments and attachments are shown.", "Seuls les 200 premiers commentaires et pièces jointes sont affichés.", "Bara de 200 första kommentarerna och bilagorna visas.", "最初の 200 件のコメントと添付ファイルだけを表示しています。", "Hanya 200 komentar dan lampiran pertama yang ditampilkan.", "Sono mostrati solo i primi 200 commenti e allegati."},
	"customers.sort":           {"Sort by", "Trier par", "Sortera efter", "並べ替え", "Urutkan menurut", "Ordina per"},
	"customers.sort.domain":    {"domain", "domaine", "domän", "ドメイン", "domain", "dominio"},
	"customers.sort.id":        {"customer ID", "ID client", "kund-ID", "顧客 ID", "ID pelanggan", "ID cliente"},
	"customers.sort.plan":      {"support plan", "forfait d'assistance", "supportplan", "サポート プラン", "paket dukungan", "piano di assistenza"},
	"customers.sort.open":      {"open cases", "demandes ouvertes", "öppna ärenden", "未解決のケース", "kasus terbuka", "richieste aperte"},
	"customers.planunknown":    {"unknown", "inconnu", "okänd", "不明", "tidak diketahui", "sconosciuto"},
	"customers.filtered":       {"%d of %d customers match the filters.", "%d clients sur %d correspondent aux filtres.", "%d av %d kunder matchar filtren.", "%d / %d 件の顧客が条件に一致します。", "%d dari %d pelanggan cocok dengan filter.", "%d clienti su %d corrispondono ai filtri."},

	// The history page.
	"refreshing":    {"Reading the data again; reload the page in a moment to see it.", "Nouvelle lecture des données en cours ; rechargez la page dans un instant pour la voir.", "Data läses om; ladda om sidan om en stund för att se den.", "データを再読み込みしています。しばらくしてからページを再読み込みしてください。", "Data sedang dibaca ulang; muat ulang halaman sebentar lagi untuk melihatnya.", "Rilettura dei dati in corso; ricarica la pagina tra poco per vederli."},
	"nav.history":   {"History", "Historique", "Historik", "履歴", "Riwayat", "Cronologia"},
	"history.title": {"History of the reads", "Historique des lectures", "Historik över inläsningar", "読み込みの履歴", "Riwayat pembacaan", "Cronologia delle letture"},
	"history.intro": {
		"Each read of the reseller data, newest first (the last %d), and what changed since the read before it.",
		"Chaque lecture des données du revendeur, de la plus récente à la plus ancienne (les %d dernières), et ce qui a changé depuis la précédente.",
		"Varje inläsning av återförsäljarens data, nyast först (de senaste %d), och vad som ändrats sedan inläsningen före.",
		"販売パートナー データの各読み込み (新しい順、直近 %d 件) と、前回の読み込みからの変更点です。",
		"Setiap pembacaan data reseller, dari yang terbaru (%d terakhir), dan apa yang berubah sejak pembacaan sebelumnya.",
		"Ogni lettura dei dati del rivenditore, dalla più recente (le ultime %d), e cosa è cambiato rispetto alla lettura precedente.",
	},
	"history.readat":    {"Read at", "Lu le", "Läst", "読み込み日時", "Dibaca pada", "Letto il"},
	"history.people":    {"People", "Personnes", "Personer", "担当者", "Orang", "Persone"},
	"history.domains":   {"Domains", "Domaines", "Domäner", "ドメイン", "Domain", "Domini"},
	"history.customers": {"Customers", "Clients", "Kunder", "顧客", "Pelanggan", "Clienti"},
	"history.accounts":  {"Accounts", "Comptes", "Konton", "アカウント", "Akun", "Account"},
	"history.gaps":      {"Gaps", "Lacunes", "Luckor", "不足", "Celah", "Lacune"},
	"history.events":    {"Changes", "Changements", "Ändringar", "変更", "Perubahan", "Modifiche"},
	"history.drift":     {"Changes found at %s", "Changements constatés le %s", "Ändringar funna %s", "%s に見つかった変更", "Perubahan yang ditemukan pada %s", "Modifiche rilevate il %s"},
	"history.kind":      {"Change", "Changement", "Ändring", "変更", "Perubahan", "Modifica"},
	"history.domain":    {"Reseller domain", "Domaine revendeur", "Återförsäljardomän", "販売パートナー ドメイン", "Domain reseller", "Dominio rivenditore"},
	"history.subject":   {"Customer, account or person", "Client, compte ou personne", "Kund, konto eller person", "顧客、アカウント、または担当者", "Pelanggan, akun, atau orang", "Cliente, account o persona"},
	"history.more":      {"%d more changes are stored but not listed.", "%d autres changements sont enregistrés mais non affichés.", "%d ändringar till är sparade men visas inte.", "ほかに %d 件の変更が保存されていますが、表示されていません。", "%d perubahan lain tersimpan tetapi tidak ditampilkan.", "Altre %d modifiche sono memorizzate ma non elencate."},
	"history.none":      {"No read has been stored yet.", "Aucune lecture n'a encore été enregistrée.", "Ingen inläsning har sparats ännu.", "保存された読み込みはまだありません。", "Belum ada pembacaan yang tersimpan.", "Nessuna lettura è stata ancora memorizzata."},
	"history.error": {
		"The history could not be read. See the dashboard's log, and check the -db file.",
		"L'historique n'a pas pu être lu. Consultez le journal du tableau de bord et vérifiez le fichier -db.",
		"Historiken kunde inte läsas. Se panelens logg och kontrollera filen för -db.",
		"履歴を読み込めませんでした。ダッシュボードのログを確認し、-db のファイルを確認してください。",
		"Riwayat tidak dapat dibaca. Lihat log dasbor, dan periksa berkas -db.",
		"Impossibile leggere la cronologia. Consulta il log della dashboard e controlla il file -db.",
	},
	"history.event.customer-added":           {"customer added", "client ajouté", "kund tillagd", "顧客の追加", "pelanggan ditambahkan", "cliente aggiunto"},
	"history.event.customer-removed":         {"customer removed", "client retiré", "kund borttagen", "顧客の削除", "pelanggan dihapus", "cliente rimosso"},
	"history.event.customer-moved":           {"customer moved to another domain", "client déplacé vers un autre domaine", "kund flyttad till en annan domän", "顧客が別のドメインに移動", "pelanggan dipindahkan ke domain lain", "cliente spostato su un altro dominio"},
	"history.event.customer-access-revoked":  {"customer turned reseller access off", "le client a désactivé l'accès revendeur", "kunden stängde av återförsäljaråtkomst", "顧客が販売パートナーのアクセスを無効化", "pelanggan menonaktifkan akses reseller", "il cliente ha disattivato l'accesso del rivenditore"},
	"history.event.customer-access-restored": {"customer turned reseller access back on", "le client a réactivé l'accès revendeur", "kunden slog på återförsäljaråtkomst igen", "顧客が販売パートナーのアクセスを再度有効化", "pelanggan mengaktifkan kembali akses reseller", "il cliente ha riattivato l'accesso del rivenditore"},
	"history.event.account-created":          {"account created", "compte créé", "konto skapat", "アカウントの作成", "akun dibuat", "account creato"},
	"history.event.account-removed":          {"account removed", "compte supprimé", "konto borttaget", "アカウントの削除", "akun dihapus", "account rimosso"},
	"history.event.account-suspended":        {"account suspended", "compte suspendu", "konto avstängt", "アカウントの停止", "akun ditangguhkan", "account sospeso"},
	"history.event.account-unsuspended":      {"account active again", "compte réactivé", "konto aktivt igen", "アカウントの再開", "akun aktif kembali", "account di nuovo attivo"},
	"history.event.account-state-changed":    {"account state changed", "état du compte modifié", "kontots status ändrat", "アカウント状態の変更", "status akun berubah", "stato dell'account modificato"},
	"history.event.assignment-added":         {"role assigned", "rôle attribué", "roll tilldelad", "役割の割り当て", "peran ditetapkan", "ruolo assegnato"},
	"history.event.assignment-removed":       {"role assignment removed", "attribution de rôle retirée", "rolltilldelning borttagen", "役割の割り当ての削除", "penetapan peran dihapus", "assegnazione del ruolo rimossa"},
	"history.event.assignment-expired":       {"role assignment expired", "attribution de rôle expirée", "rolltilldelning har gått ut", "役割の割り当ての期限切れ", "penetapan peran kedaluwarsa", "assegnazione del ruolo scaduta"},
	"history.event.access-gained":            {"access gained", "accès obtenu", "åtkomst fått", "アクセスの獲得", "akses diperoleh", "accesso ottenuto"},
	"history.event.access-lost":              {"access lost", "accès perdu", "åtkomst förlorad", "アクセスの喪失", "akses hilang", "accesso perso"},
}

// duplicateMessages lists the keys registerMessages was given twice; a test
// keeps it empty, so one table never silently overrides another.
var duplicateMessages []string

// registerMessages adds a page's own texts to the catalogue. It runs from
// init functions, before any page is served.
func registerMessages(table map[string][6]string) {
	for k, v := range table {
		if _, dup := messages[k]; dup {
			duplicateMessages = append(duplicateMessages, k)
			continue
		}
		messages[k] = v
	}
}

// T returns the text of key in l, formatted with args when given.
func (l lang) T(key string, args ...any) string {
	row, ok := messages[key]
	if !ok {
		return key
	}
	s := row[l.idx]
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
