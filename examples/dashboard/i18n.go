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

// langFromRequest reads ?lang=; an absent or unknown code is English, the
// same fallback access.Explain documents.
func langFromRequest(r *http.Request) lang {
	code := r.URL.Query().Get("lang")
	for _, l := range langs {
		if l.Code == code {
			return l
		}
	}
	return langs[0]
}

// messages holds the page texts, one column per language in the order of
// langs. A key missing from the table renders as the key itself, which the
// tests catch.
var messages = map[string][6]string{
	"app.title":     {"Reseller dashboard", "Tableau de bord revendeur", "Återförsäljarpanel", "販売パートナー ダッシュボード", "Dasbor reseller", "Dashboard rivenditore"},
	"nav.grid":      {"Access", "Accès", "Åtkomst", "アクセス", "Akses", "Accesso"},
	"nav.customers": {"Customers", "Clients", "Kunder", "顧客", "Pelanggan", "Clienti"},
	"nav.seats":     {"Seats", "Licences", "Licenser", "ライセンス", "Lisensi", "Licenze"},
	"nav.cases":     {"Cases", "Demandes", "Ärenden", "ケース", "Kasus", "Richieste"},
	"nav.plan":      {"Setup plan", "Plan de configuration", "Konfigurationsplan", "設定プラン", "Rencana penyiapan", "Piano di configurazione"},
	"lang":          {"Language", "Langue", "Språk", "言語", "Bahasa", "Lingua"},
	"refresh":       {"Read again", "Relire", "Läs om", "再読み込み", "Baca ulang", "Rileggi"},
	"source":        {"Data: %s", "Données : %s", "Data: %s", "データ: %s", "Data: %s", "Dati: %s"},
	"source_fake":   {"embedded fake world", "monde fictif intégré", "inbyggd testvärld", "組み込みのフェイク環境", "dunia tiruan bawaan", "mondo fittizio incorporato"},
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

	// The setup plan.
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
