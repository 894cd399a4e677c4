package access

import (
	"errors"
	"fmt"
	"slices"

	"golang.org/x/text/language"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/domains"
	"github.com/resellerkit/resellerkit/roles"
)

// Message is one people-facing text of a [Plan] as a key of the plan's
// catalogue and what fills its placeholders. The plan keeps each text in
// English (Check.Detail, Step.Blocked, ...) and beside it as a Message, so
// [Plan.In] renders it again in any language of [Languages]: the portal's
// users read French, Swedish, Japanese, Indonesian and Italian as well as
// English. Messages are in the plan's JSON, so a plan read back localizes.
type Message struct {
	// Key names the text in the catalogue. A message without a key is its
	// first Arg, verbatim: an address or a list the plan does not translate.
	Key string `json:"key,omitempty"`
	// Args fill the first placeholders, verbatim in every language:
	// addresses, domains, counts, org unit paths, role and API names.
	Args []string `json:"args,omitempty"`
	// Parts fill the placeholders after Args, each rendered in the same
	// language: a phrase inside a sentence (an account's state, a role's
	// console name, a list joined in the reader's language).
	Parts []Message `json:"parts,omitempty"`
	// Cause is the English text of the error a message reports, for logs.
	// The English plan shows it as it was; other languages show the key's
	// sentence, which says what happened and what to do without Go's or
	// Google's internals.
	Cause string `json:"cause,omitempty"`
}

// IsZero reports whether m holds no text.
func (m Message) IsZero() bool {
	return m.Key == "" && len(m.Args) == 0 && len(m.Parts) == 0 && m.Cause == ""
}

// String renders m in English, as the plan's English fields hold it.
func (m Message) String() string {
	s, _ := m.render(0)
	return s
}

// In renders m in the language of [Languages] closest to lang, English when
// none is close.
func (m Message) In(lang language.Tag) string {
	s, _ := m.render(langIndex(lang))
	return s
}

// render renders m in the language of index li of languages. It reports
// false for a key the catalogue lacks (a plan written by a later release),
// so [Plan.In] keeps the English text rather than show a key.
func (m Message) render(li int) (string, bool) {
	if m.Key == "" {
		if len(m.Args) == 0 {
			return m.Cause, true
		}
		return m.Args[0], true
	}
	if li == 0 && m.Cause != "" {
		return m.Cause, true
	}
	tr, ok := planTexts[m.Key]
	if !ok {
		tr, ok = texts[m.Key] // the console names Explain uses
	}
	if !ok {
		return m.Cause, false
	}
	if len(m.Args) == 0 && len(m.Parts) == 0 {
		return tr[li], true
	}
	args := make([]any, 0, len(m.Args)+len(m.Parts))
	for _, a := range m.Args {
		args = append(args, a)
	}
	for _, p := range m.Parts {
		s, ok := p.render(li)
		if !ok {
			return m.Cause, false
		}
		args = append(args, s)
	}
	return fmt.Sprintf(tr[li], args...), true
}

// clone returns a deep copy of m.
func (m Message) clone() Message {
	m.Args = slices.Clone(m.Args)
	if m.Parts != nil {
		parts := make([]Message, len(m.Parts))
		for i, p := range m.Parts {
			parts[i] = p.clone()
		}
		m.Parts = parts
	}
	return m
}

// msg returns the message key filled with args.
func msg(key string, args ...string) Message { return Message{Key: key, Args: args} }

// msgOf returns the message key whose placeholders are filled by parts.
func msgOf(key string, parts ...Message) Message { return Message{Key: key, Parts: parts} }

// verbatim returns a message that is s in every language.
func verbatim(s string) Message { return Message{Args: []string{s}} }

// withEnglish returns m in English and m, to set a text and its message at
// once.
func withEnglish(m Message) (string, Message) { return m.String(), m }

// joinMessages joins ms with the catalogue's key sep ("%[1]s and %[2]s"),
// from the left, as strings.Join does in English.
func joinMessages(sep string, ms []Message) Message {
	if len(ms) == 0 {
		return verbatim("")
	}
	out := ms[0]
	for _, m := range ms[1:] {
		out = msgOf(sep, out, m)
	}
	return out
}

// errMessage is the message of an error a check or step reports: its own
// English text in the English plan (Cause), and in other languages a
// sentence chosen by its kind, saying what happened and what to do.
func errMessage(err error) Message {
	key, ok := errKeys[resellerkit.KindOf(err)]
	if !ok {
		key = "error.unknown"
	}
	return Message{Key: key, Cause: err.Error()}
}

// errKeys are the catalogue keys of the sentence for each kind of error.
var errKeys = map[resellerkit.Kind]string{
	resellerkit.KindInvalidArgument:    "error.invalidArgument",
	resellerkit.KindUnauthenticated:    "error.unauthenticated",
	resellerkit.KindPermissionDenied:   "error.permissionDenied",
	resellerkit.KindNotFound:           "error.notFound",
	resellerkit.KindAlreadyExists:      "error.alreadyExists",
	resellerkit.KindFailedPrecondition: "error.failedPrecondition",
	resellerkit.KindRateLimited:        "error.rateLimited",
	resellerkit.KindUnavailable:        "error.unavailable",
	resellerkit.KindCanceled:           "error.canceled",
	resellerkit.KindUnsupported:        "error.unsupported",
}

// domainErrMessage is the message of a staff account's domain that no
// account can use (D4): which domain, and what to do.
func domainErrMessage(err error) Message {
	var de *domains.DomainError
	switch {
	case errors.Is(err, domains.ErrDomainNotVerified) && errors.As(err, &de):
		return Message{Key: "step.account.domainNotVerified", Args: []string{de.Domain}, Cause: err.Error()}
	case errors.Is(err, domains.ErrNotResellerDomain) && errors.As(err, &de):
		return Message{Key: "step.account.notResellerDomain", Args: []string{de.Domain}, Cause: err.Error()}
	}
	return errMessage(err)
}

// stateMessage names a staff account's state in the reader's language.
func stateMessage(s domains.AccountState) Message {
	switch s {
	case domains.StateSuspended:
		return msg("state.suspended")
	case domains.StateArchived:
		return msg("state.archived")
	}
	return verbatim(s.String())
}

// privilegeMessage names a privilege by its console path in the reader's
// language, or by its key when the portal rules do not use it.
func privilegeMessage(k roles.PrivilegeKey) Message {
	if _, ok := texts["priv."+string(k)]; !ok {
		return verbatim(string(k))
	}
	return msg("priv." + string(k))
}

// langIndex returns the index in languages of the language matched for
// lang, 0 (English) when none is close.
func langIndex(lang language.Tag) int {
	_, i, conf := catalogPrinters().matcher.Match(lang)
	if conf == language.No || i < 0 || i >= len(languages) {
		return 0
	}
	return i
}

// Label returns the kind's short name in lang ("account", "role
// assignment"), for a plan shown in the reader's language; [StepKind.String]
// stays the stable name.
func (k StepKind) Label(lang language.Tag) string {
	if k > 0 && int(k) < len(stepLabels) {
		return planTexts[stepLabels[k]][langIndex(lang)]
	}
	return k.String()
}

var stepLabels = [...]string{StepOrgUnit: "kind.orgUnit", StepAccount: "kind.account", StepLicense: "kind.license", StepRole: "kind.role", StepAssignment: "kind.assignment"}

// Label returns the action's short name in lang ("holds", "create",
// "update"), for a plan shown in the reader's language; [Action.String]
// stays the stable name.
func (a Action) Label(lang language.Tag) string {
	if int(a) < len(actionLabels) {
		return planTexts[actionLabels[a]][langIndex(lang)]
	}
	return a.String()
}

var actionLabels = [...]string{ActionNone: "action.holds", ActionCreate: "action.create", ActionUpdate: "action.update"}

// In returns a deep copy of p whose people-facing texts (the checks' names,
// details and fixes, the steps' details and why they are blocked, the
// manual steps, the notes, and so [Plan.Problems]) are in the language of
// [Languages] closest to lang, English when none is close. The portal's
// users read five languages besides English, and a support lead reviews the
// plan before anything is written. Rules, subjects, addresses, actions and
// IDs are unchanged; p.In(language.English) has p's English texts. A text
// without its message (a plan made by hand) stays as it is. [Plan.WriteText]
// frames the plan in English whatever the language of its texts.
func (p *Plan) In(lang language.Tag) *Plan {
	if p == nil {
		return nil
	}
	li := langIndex(lang)
	q := *p
	q.lang = li
	q.Team.People = slices.Clone(p.Team.People)
	for i := range q.Team.People {
		q.Team.People[i].Domains = slices.Clone(q.Team.People[i].Domains)
	}
	q.Issues = checksIn(p.Issues, li)
	if p.Accounts != nil {
		q.Accounts = make([]AccountPlan, len(p.Accounts))
		for i, a := range p.Accounts {
			a.Domains = slices.Clone(a.Domains)
			a.Checks = checksIn(a.Checks, li)
			if a.Manual != nil {
				a.Manual = make([]ManualStep, len(p.Accounts[i].Manual))
				for j, m := range p.Accounts[i].Manual {
					m.Accounts = slices.Clone(m.Accounts)
					m.Text, m.TextMsg = textIn(m.Text, m.TextMsg, li)
					a.Manual[j] = m
				}
			}
			if a.Steps != nil {
				a.Steps = make([]Step, len(p.Accounts[i].Steps))
				for j, s := range p.Accounts[i].Steps {
					s.Detail, s.DetailMsg = textIn(s.Detail, s.DetailMsg, li)
					s.Blocked, s.BlockedMsg = textIn(s.Blocked, s.BlockedMsg, li)
					a.Steps[j] = s
				}
			}
			q.Accounts[i] = a
		}
	}
	q.Notes = slices.Clone(p.Notes)
	q.NoteMsgs = make([]Message, len(p.NoteMsgs))
	for i, m := range p.NoteMsgs {
		q.NoteMsgs[i] = m.clone()
		if i < len(q.Notes) {
			q.Notes[i], q.NoteMsgs[i] = textIn(q.Notes[i], m, li)
		}
	}
	if p.NoteMsgs == nil {
		q.NoteMsgs = nil
	}
	return &q
}

func checksIn(cs []Check, li int) []Check {
	if cs == nil {
		return nil
	}
	out := make([]Check, len(cs))
	for i, c := range cs {
		c.Name, c.NameMsg = textIn(c.Name, c.NameMsg, li)
		c.Detail, c.DetailMsg = textIn(c.Detail, c.DetailMsg, li)
		c.Fix, c.FixMsg = textIn(c.Fix, c.FixMsg, li)
		out[i] = c
	}
	return out
}

// textIn renders one text of a plan in language li from its message, and
// keeps the text as it is when it has no message the catalogue knows.
func textIn(text string, m Message, li int) (string, Message) {
	if m.IsZero() {
		return text, m
	}
	m = m.clone()
	if s, ok := m.render(li); ok {
		return s, m
	}
	return text, m
}

// englishCheck fills c's texts from its messages, in English.
func englishCheck(c Check) Check {
	c.Name = c.NameMsg.String()
	c.Detail = c.DetailMsg.String()
	c.Fix = c.FixMsg.String()
	return c
}

// frame renders a key of the catalogue that frames the plan's texts
// ([Plan.Problems]) in language li.
func frame(li int, key string, args ...string) string {
	s, _ := msg(key, args...).render(li)
	return s
}

// planTexts is the catalogue of the setup plan's texts: one string per
// language, in the order of languages, so a missing translation is a
// compile error. Console paths and role names are the Admin console's in
// each language, as in Explain's texts. Placeholders are explicit (%[1]s),
// so a language may order them as it needs.
var planTexts = map[string][6]string{
	// Step kinds and actions.
	"kind.orgUnit": {"org unit", "unité organisationnelle", "organisationsenhet", "組織部門", "unit organisasi", "unità organizzativa"},
	"kind.account": {"account", "compte", "konto", "アカウント", "akun", "account"},
	"kind.license": {"license", "licence", "licens", "ライセンス", "lisensi", "licenza"},
	"kind.role":    {"role", "rôle", "roll", "ロール", "peran", "ruolo"},
	"kind.assignment": {
		"role assignment", "attribution de rôle", "rolltilldelning", "ロールの割り当て", "penetapan peran", "assegnazione di ruolo"},
	"action.holds":  {"holds", "déjà en place", "redan på plats", "設定済み", "sudah sesuai", "già a posto"},
	"action.create": {"create", "à créer", "skapas", "作成", "dibuat", "da creare"},
	"action.update": {"update", "à modifier", "ändras", "変更", "diubah", "da modificare"},

	// Frames of Plan.Problems.
	"plan.none": {"no plan", "aucun plan", "ingen plan", "プランがありません", "tidak ada rencana", "nessun piano"},
	"account.actingAs": {
		"reseller account acting as %[1]s",
		"compte revendeur utilisé par %[1]s",
		"återförsäljarkontot som används av %[1]s",
		"%[1]s として操作する販売パートナー アカウント",
		"akun reseller yang digunakan oleh %[1]s",
		"account rivenditore usato da %[1]s"},
	"problem.account": {"%[1]s: ", "%[1]s : ", "%[1]s: ", "%[1]s：", "%[1]s: ", "%[1]s: "},
	"problem.detail":  {": %[1]s", " : %[1]s", ": %[1]s", "：%[1]s", ": %[1]s", ": %[1]s"},
	"problem.fix":     {" (%[1]s)", " (%[1]s)", " (%[1]s)", "（%[1]s）", " (%[1]s)", " (%[1]s)"},

	// Lists.
	"join.and":  {"%[1]s and %[2]s", "%[1]s et %[2]s", "%[1]s och %[2]s", "%[1]s と %[2]s", "%[1]s dan %[2]s", "%[1]s e %[2]s"},
	"join.list": {"%[1]s; %[2]s", "%[1]s ; %[2]s", "%[1]s; %[2]s", "%[1]s、%[2]s", "%[1]s; %[2]s", "%[1]s; %[2]s"},
	"list.none": {"none", "aucun", "inga", "なし", "tidak ada", "nessuno"},

	// Notes (S6, P8).
	"note.sharing": {
		"S6: case alerts reach each person's own address through the sharing list of each case (cases.Share, C10); no setup needed",
		"S6 : les alertes des demandes parviennent à l'adresse personnelle de chacun par la liste de partage de chaque demande (C10) ; rien à configurer",
		"S6: ärendeaviseringar når varje persons egen adress via delningslistan för varje ärende (C10); ingen konfiguration behövs",
		"S6: ケースのアラートは、各ケースの共有リストを通じて各担当者自身のアドレスに届きます（C10）。設定は不要です",
		"S6: peringatan kasus sampai ke alamat pribadi setiap orang melalui daftar berbagi setiap kasus (C10); tidak perlu penyiapan",
		"S6: gli avvisi delle richieste arrivano all'indirizzo personale di ciascuno tramite l'elenco di condivisione di ogni richiesta (C10); non serve alcuna configurazione"},
	"note.propagation": {
		"P8: role and privilege changes can take up to 24 hours to apply at Google; a new account may not reach the portal at once",
		"P8 : chez Google, les modifications de rôles et de droits peuvent prendre jusqu'à 24 heures ; un nouveau compte n'aura peut-être pas accès au portail tout de suite",
		"P8: hos Google kan ändringar av roller och behörigheter ta upp till 24 timmar; ett nytt konto kanske inte når portalen direkt",
		"P8: Google ではロールと権限の変更が反映されるまで最大 24 時間かかることがあります。新しいアカウントはすぐにはポータルを利用できない場合があります",
		"P8: di Google, perubahan peran dan hak istimewa dapat memerlukan waktu hingga 24 jam; akun baru mungkin belum dapat langsung mengakses portal",
		"P8: in Google le modifiche a ruoli e privilegi possono richiedere fino a 24 ore; un nuovo account potrebbe non accedere subito al portale"},

	// S7: a person's domain no reseller account of the setup owns.
	"check.domain.name": {
		"domain %[1]s of %[2]s", "domaine %[1]s de %[2]s", "domänen %[1]s för %[2]s",
		"%[2]s のドメイン %[1]s", "domain %[1]s milik %[2]s", "dominio %[1]s di %[2]s"},
	"check.domain.detail": {
		"no reseller account given (or readable) has this domain",
		"aucun des comptes revendeurs indiqués (et lisibles) n'a ce domaine",
		"inget av de angivna (och läsbara) återförsäljarkontona har den här domänen",
		"指定された（読み取り可能な）販売パートナー アカウントに、このドメインを持つものはありません",
		"tidak ada akun reseller yang diberikan (atau dapat dibaca) yang memiliki domain ini",
		"nessuno degli account rivenditore indicati (e leggibili) ha questo dominio"},
	"check.domain.fix": {
		"add a Target for the reseller account that owns %[1]s, or fix the domain",
		"ajoutez à la configuration le compte revendeur propriétaire du domaine %[1]s, ou corrigez le domaine",
		"lägg till återförsäljarkontot som äger %[1]s i konfigurationen, eller rätta domänen",
		"%[1]s を所有する販売パートナー アカウントを設定に追加するか、ドメインを修正してください",
		"tambahkan akun reseller pemilik %[1]s ke penyiapan, atau perbaiki domainnya",
		"aggiungi alla configurazione l'account rivenditore proprietario del dominio %[1]s, oppure correggi il dominio"},

	// W6: credentials, scopes and delegation of each API.
	"check.credentials.name": {
		"%[1]s: credentials, scopes and delegation",
		"%[1]s : identifiants, champs d'application et délégation",
		"%[1]s: autentiseringsuppgifter, omfattningar och delegering",
		"%[1]s: 認証情報、スコープ、委任",
		"%[1]s: kredensial, cakupan, dan delegasi",
		"%[1]s: credenziali, ambiti e delega"},
	"check.credentials.fix.unauthenticated": {
		"the credentials were refused: check the service account key, and that domain-wide delegation is granted to its client ID for the scope %[1]s (Admin console › Security › API controls › Domain-wide delegation), impersonating %[2]s",
		"les identifiants ont été refusés : vérifiez la clé du compte de service, et que la délégation au niveau du domaine est accordée à son ID client pour le champ d'application %[1]s (Console d'administration › Sécurité › Commandes des API › Délégation au niveau du domaine), pour agir en tant que %[2]s",
		"autentiseringsuppgifterna nekades: kontrollera tjänstkontots nyckel och att domänomfattande delegering har beviljats dess klient-ID för omfattningen %[1]s (Administratörskonsolen › Säkerhet › API-kontroller › Domänomfattande delegering), för %[2]s",
		"認証情報が拒否されました。サービス アカウント キーを確認し、%[2]s として操作するために、そのクライアント ID にスコープ %[1]s のドメイン全体の委任が許可されていることを確認してください（管理コンソール › セキュリティ › API の制御 › ドメイン全体の委任）",
		"kredensial ditolak: periksa kunci akun layanan, dan pastikan delegasi tingkat domain diberikan ke ID kliennya untuk cakupan %[1]s (Konsol Admin › Keamanan › Kontrol API › Delegasi tingkat domain), atas nama %[2]s",
		"le credenziali sono state rifiutate: controlla la chiave dell'account di servizio e che la delega a livello di dominio sia concessa al suo ID client per l'ambito %[1]s (Console di amministrazione › Sicurezza › Controlli API › Delega a livello di dominio), per conto di %[2]s"},
	"check.credentials.fix.apiDisabled": {
		"enable the %[1]s in the Google Cloud project of the credentials",
		"activez %[1]s dans le projet Google Cloud des identifiants",
		"aktivera %[1]s i autentiseringsuppgifternas Google Cloud-projekt",
		"認証情報の Google Cloud プロジェクトで %[1]s を有効にしてください",
		"aktifkan %[1]s di project Google Cloud milik kredensial",
		"attiva %[1]s nel progetto Google Cloud delle credenziali"},
	"check.credentials.fix.scope": {
		"add the scope %[1]s to the credentials and to the domain-wide delegation grant",
		"ajoutez le champ d'application %[1]s aux identifiants et à la délégation au niveau du domaine",
		"lägg till omfattningen %[1]s i autentiseringsuppgifterna och i den domänomfattande delegeringen",
		"スコープ %[1]s を認証情報とドメイン全体の委任に追加してください",
		"tambahkan cakupan %[1]s ke kredensial dan ke pemberian delegasi tingkat domain",
		"aggiungi l'ambito %[1]s alle credenziali e alla delega a livello di dominio"},
	"check.credentials.fix.other": {
		"impersonate a super admin of this reseller account (%[1]s was refused), and check that the scope %[2]s is granted through domain-wide delegation",
		"agissez au nom d'un super-administrateur de ce compte revendeur (%[1]s a été refusé), et vérifiez que le champ d'application %[2]s est accordé par la délégation au niveau du domaine",
		"agera som en avancerad administratör för det här återförsäljarkontot (%[1]s nekades) och kontrollera att omfattningen %[2]s har beviljats via domänomfattande delegering",
		"この販売パートナー アカウントの特権管理者として操作し（%[1]s は拒否されました）、スコープ %[2]s がドメイン全体の委任で許可されていることを確認してください",
		"bertindaklah atas nama administrator super akun reseller ini (%[1]s ditolak), dan pastikan cakupan %[2]s diberikan melalui delegasi tingkat domain",
		"agisci per conto di un super amministratore di questo account rivenditore (%[1]s è stato rifiutato) e verifica che l'ambito %[2]s sia concesso tramite la delega a livello di dominio"},

	// S1: the caller.
	"check.caller.onAccount.name": {
		"the caller belongs to this reseller account",
		"le compte utilisé appartient à ce compte revendeur",
		"det använda kontot tillhör det här återförsäljarkontot",
		"操作に使うアカウントはこの販売パートナー アカウントに属しています",
		"akun yang digunakan termasuk dalam akun reseller ini",
		"l'account usato appartiene a questo account rivenditore"},
	"check.caller.onAccount.fix": {
		"act as a super admin whose address is on one of %[1]s",
		"agissez au nom d'un super-administrateur dont l'adresse est sur l'un de ces domaines : %[1]s",
		"agera som en avancerad administratör vars adress finns på någon av dessa domäner: %[1]s",
		"次のいずれかのドメインにアドレスがある特権管理者として操作してください: %[1]s",
		"bertindaklah atas nama administrator super yang alamatnya ada di salah satu domain ini: %[1]s",
		"agisci per conto di un super amministratore il cui indirizzo è su uno di questi domini: %[1]s"},
	"check.caller.address.name": {
		"the caller is an address",
		"le compte utilisé est une adresse e-mail",
		"det använda kontot är en e-postadress",
		"操作に使うアカウントはメールアドレスです",
		"akun yang digunakan adalah alamat email",
		"l'account usato è un indirizzo email"},
	"check.caller.address.detail": {
		"%[1]s is not an email address",
		"%[1]s n'est pas une adresse e-mail",
		"%[1]s är inte en e-postadress",
		"%[1]s はメールアドレスではありません",
		"%[1]s bukan alamat email",
		"%[1]s non è un indirizzo email"},
	"check.caller.address.fix": {
		"give the super admin the services act as",
		"indiquez l'adresse du super-administrateur au nom duquel agit la configuration",
		"ange adressen till den avancerade administratör som konfigurationen agerar som",
		"設定が操作に使う特権管理者のアドレスを指定してください",
		"berikan alamat administrator super yang digunakan oleh penyiapan",
		"indica l'indirizzo del super amministratore per conto del quale agisce la configurazione"},
	"check.caller.consumer.name": {
		"the caller is not a consumer account",
		"le compte utilisé n'est pas un compte personnel",
		"det använda kontot är inte ett privat konto",
		"操作に使うアカウントは個人アカウントではありません",
		"akun yang digunakan bukan akun pribadi",
		"l'account usato non è un account personale"},
	"check.caller.consumer.detail": {
		"%[1]s is a consumer (Gmail) account",
		"%[1]s est un compte personnel (Gmail)",
		"%[1]s är ett privat konto (Gmail)",
		"%[1]s は個人（Gmail）アカウントです",
		"%[1]s adalah akun pribadi (Gmail)",
		"%[1]s è un account personale (Gmail)"},
	"check.caller.consumer.fix": {
		"sign in as a super admin of the reseller account whose address does not end in @gmail.com",
		"connectez-vous en tant que super-administrateur du compte revendeur, avec une adresse qui ne se termine pas par @gmail.com",
		"logga in som en avancerad administratör för återförsäljarkontot, med en adress som inte slutar på @gmail.com",
		"販売パートナー アカウントの特権管理者として、@gmail.com で終わらないアドレスでログインしてください",
		"login sebagai administrator super akun reseller dengan alamat yang tidak berakhiran @gmail.com",
		"accedi come super amministratore dell'account rivenditore, con un indirizzo che non termina con @gmail.com"},
	"check.caller.superAdmin.name": {
		"the caller is a super admin",
		"le compte utilisé est super-administrateur",
		"det använda kontot är avancerad administratör",
		"操作に使うアカウントは特権管理者です",
		"akun yang digunakan adalah administrator super",
		"l'account usato è un super amministratore"},
	"check.caller.superAdmin.fixUnread": {
		"act as a super admin of the reseller account",
		"agissez au nom d'un super-administrateur du compte revendeur",
		"agera som en avancerad administratör för återförsäljarkontot",
		"販売パートナー アカウントの特権管理者として操作してください",
		"bertindaklah atas nama administrator super akun reseller",
		"agisci per conto di un super amministratore dell'account rivenditore"},
	"check.caller.superAdmin.fix": {
		"setup must be done by a super admin: act as one (with domain-wide delegation, make it the subject)",
		"la configuration doit être faite par un super-administrateur : agissez en son nom (avec la délégation au niveau du domaine, indiquez-le comme sujet)",
		"konfigurationen måste göras av en avancerad administratör: agera som en sådan (med domänomfattande delegering, ange den som subjekt)",
		"設定は特権管理者が行う必要があります。特権管理者として操作してください（ドメイン全体の委任では、その管理者をサブジェクトに指定します）",
		"penyiapan harus dilakukan oleh administrator super: bertindaklah atas namanya (dengan delegasi tingkat domain, jadikan ia subjek)",
		"la configurazione deve essere fatta da un super amministratore: agisci per suo conto (con la delega a livello di dominio, indicalo come soggetto)"},

	// S2: automatic licensing.
	"manual.autoLicensing": {
		"Turn off automatic licensing for the org unit %[1]s (Admin console › Billing › License settings): no API can, and with it on new staff accounts get both a Google Workspace and a Cloud Identity license",
		"Désactivez l'attribution automatique des licences pour l'unité organisationnelle %[1]s (Console d'administration › Facturation › Paramètres de licence) : aucune API ne le peut, et si elle reste active, les nouveaux comptes du personnel reçoivent à la fois une licence Google Workspace et une licence Cloud Identity",
		"Stäng av automatisk licensiering för organisationsenheten %[1]s (Administratörskonsolen › Fakturering › Licensinställningar): inget API kan göra det, och när den är på får nya personalkonton både en Google Workspace-licens och en Cloud Identity-licens",
		"組織部門 %[1]s でライセンスの自動割り当てをオフにしてください（管理コンソール › お支払い › ライセンス設定）。API ではオフにできず、オンのままだと新しいスタッフ アカウントに Google Workspace と Cloud Identity の両方のライセンスが割り当てられます",
		"Nonaktifkan pemberian lisensi otomatis untuk unit organisasi %[1]s (Konsol Admin › Penagihan › Setelan lisensi): tidak ada API yang dapat melakukannya, dan jika tetap aktif, akun staf baru mendapatkan lisensi Google Workspace sekaligus lisensi Cloud Identity",
		"Disattiva l'assegnazione automatica delle licenze per l'unità organizzativa %[1]s (Console di amministrazione › Fatturazione › Impostazioni licenze): nessuna API può farlo e, se resta attiva, i nuovi account del personale ricevono sia una licenza Google Workspace sia una licenza Cloud Identity"},
	"check.doubleLicensing.name": {
		"no account holds both a Workspace and a Cloud Identity license",
		"aucun compte n'a à la fois une licence Workspace et une licence Cloud Identity",
		"inget konto har både en Workspace-licens och en Cloud Identity-licens",
		"Workspace と Cloud Identity の両方のライセンスを持つアカウントはありません",
		"tidak ada akun yang memiliki lisensi Workspace sekaligus lisensi Cloud Identity",
		"nessun account ha sia una licenza Workspace sia una licenza Cloud Identity"},
	"check.doubleLicensing.fix": {
		"automatic licensing is probably on: turn it off for the org unit, then remove the Workspace licenses of these staff accounts",
		"l'attribution automatique des licences est sans doute active : désactivez-la pour l'unité organisationnelle, puis retirez les licences Workspace de ces comptes du personnel",
		"automatisk licensiering är troligen på: stäng av den för organisationsenheten och ta sedan bort Workspace-licenserna från de här personalkontona",
		"ライセンスの自動割り当てがオンになっている可能性があります。組織部門でオフにしてから、これらのスタッフ アカウントの Workspace ライセンスを削除してください",
		"pemberian lisensi otomatis kemungkinan aktif: nonaktifkan untuk unit organisasi, lalu hapus lisensi Workspace dari akun staf ini",
		"probabilmente l'assegnazione automatica delle licenze è attiva: disattivala per l'unità organizzativa, poi rimuovi le licenze Workspace di questi account del personale"},

	// S3: the org unit and the staff accounts.
	"step.orgUnit.exists": {"exists", "existe", "finns", "作成済み", "sudah ada", "esiste"},
	"step.orgUnit.create": {
		"will be created, with its parents",
		"sera créée, avec ses unités parentes",
		"skapas, tillsammans med sina överordnade enheter",
		"上位の組織部門とともに作成されます",
		"akan dibuat, beserta unit induknya",
		"sarà creata, insieme alle unità superiori"},
	"step.account.exists": {
		"exists in %[1]s", "existe dans %[1]s", "finns i %[1]s",
		"%[1]s に存在します", "sudah ada di %[1]s", "esiste in %[1]s"},
	"step.account.move": {
		"exists; will move from %[1]s to %[2]s",
		"existe ; sera déplacé de %[1]s vers %[2]s",
		"finns; flyttas från %[1]s till %[2]s",
		"存在します。%[1]s から %[2]s に移動されます",
		"sudah ada; akan dipindahkan dari %[1]s ke %[2]s",
		"esiste; sarà spostato da %[1]s a %[2]s"},
	"step.account.inactive": {
		"%[1]s; it is %[2]s: it will not reach the portal until it is active (P5)",
		"%[1]s ; il est %[2]s : il n'aura pas accès au portail tant qu'il ne sera pas actif (P5)",
		"%[1]s; det är %[2]s: det når inte portalen förrän det är aktivt (P5)",
		"%[1]s。このアカウントは%[2]sのため、有効になるまでポータルを利用できません (P5)",
		"%[1]s; akun ini %[2]s: akun tidak dapat mengakses portal sampai aktif (P5)",
		"%[1]s; è %[2]s: non potrà accedere al portale finché non sarà attivo (P5)"},
	"step.account.create": {
		"will be created for %[1]s %[2]s in %[3]s, with a generated password to change at first sign-in",
		"sera créé pour %[1]s %[2]s dans %[3]s, avec un mot de passe généré à changer à la première connexion",
		"skapas för %[1]s %[2]s i %[3]s, med ett genererat lösenord som ska bytas vid första inloggningen",
		"%[1]s %[2]s さん用に %[3]s に作成されます。生成されたパスワードは初回ログイン時に変更が必要です",
		"akan dibuat untuk %[1]s %[2]s di %[3]s, dengan sandi buatan sistem yang harus diubah saat login pertama",
		"sarà creato per %[1]s %[2]s in %[3]s, con una password generata da cambiare al primo accesso"},
	"step.account.domainNotVerified": {
		"domain %[1]s is not verified: verify it first (Admin console › Account › Domains › Manage domains), then plan again (D4)",
		"le domaine %[1]s n'est pas validé : validez-le d'abord (Console d'administration › Compte › Domaines › Gérer les domaines), puis refaites le plan (D4)",
		"domänen %[1]s är inte verifierad: verifiera den först (Administratörskonsolen › Konto › Domäner › Hantera domäner) och gör sedan om planen (D4)",
		"ドメイン %[1]s は未確認です。先に所有権を確認してから（管理コンソール › アカウント › ドメイン › ドメインの管理）、プランを作り直してください (D4)",
		"domain %[1]s belum diverifikasi: verifikasi terlebih dahulu (Konsol Admin › Akun › Domain › Kelola domain), lalu buat ulang rencananya (D4)",
		"il dominio %[1]s non è verificato: verificalo prima (Console di amministrazione › Account › Domini › Gestisci domini), poi rifai il piano (D4)"},
	"step.account.notResellerDomain": {
		"%[1]s is not a domain of this reseller account that can hold accounts: use its primary domain or one of its verified secondary domains",
		"%[1]s n'est pas un domaine de ce compte revendeur pouvant accueillir des comptes : utilisez son domaine principal ou l'un de ses domaines secondaires validés",
		"%[1]s är inte en domän för det här återförsäljarkontot som kan ha konton: använd dess primära domän eller en av dess verifierade sekundära domäner",
		"%[1]s は、この販売パートナー アカウントでアカウントを作成できるドメインではありません。メインのドメインか、確認済みのセカンダリ ドメインを使用してください",
		"%[1]s bukan domain akun reseller ini yang dapat menampung akun: gunakan domain utamanya atau salah satu domain sekunder yang sudah diverifikasi",
		"%[1]s non è un dominio di questo account rivenditore che può contenere account: usa il dominio principale o uno dei domini secondari verificati"},
	"step.blocked.noAccount": {
		"the account cannot be created",
		"le compte ne peut pas être créé",
		"kontot kan inte skapas",
		"アカウントを作成できません",
		"akun tidak dapat dibuat",
		"l'account non può essere creato"},

	// P5: the staff accounts are active.
	"check.active.name": {
		"the staff accounts are active",
		"les comptes du personnel sont actifs",
		"personalkontona är aktiva",
		"スタッフ アカウントは有効です",
		"akun staf aktif",
		"gli account del personale sono attivi"},
	"check.active.detail": {
		"%[1]s not active", "inactif(s) : %[1]s", "inte aktiva: %[1]s",
		"有効ではありません: %[1]s", "tidak aktif: %[1]s", "non attivi: %[1]s"},
	"check.active.fix": {
		"unsuspend or restore them: a suspended, archived or deleted account has no access whatever its roles",
		"réactivez-les ou restaurez-les : un compte suspendu, archivé ou supprimé n'a aucun accès, quels que soient ses rôles",
		"återaktivera eller återställ dem: ett avstängt, arkiverat eller raderat konto har ingen åtkomst, oavsett roller",
		"停止を解除するか復元してください。停止中、アーカイブ済み、削除済みのアカウントは、ロールにかかわらずアクセスできません",
		"aktifkan kembali atau pulihkan akun tersebut: akun yang ditangguhkan, diarsipkan, atau dihapus tidak memiliki akses apa pun perannya",
		"riattivali o ripristinali: un account sospeso, archiviato o eliminato non ha accesso, qualunque siano i suoi ruoli"},

	// S4: licenses and seats.
	"step.license.create": {
		"Cloud Identity Free will be assigned",
		"Cloud Identity Free sera attribuée",
		"Cloud Identity Free tilldelas",
		"Cloud Identity Free が割り当てられます",
		"Cloud Identity Free akan diberikan",
		"Cloud Identity Free sarà assegnata"},
	"step.license.holds": {
		"holds Cloud Identity Free",
		"dispose de Cloud Identity Free",
		"har Cloud Identity Free",
		"Cloud Identity Free が割り当て済みです",
		"sudah memiliki Cloud Identity Free",
		"dispone di Cloud Identity Free"},
	"check.seats.name": {
		"enough Cloud Identity Free seats",
		"assez de licences Cloud Identity Free",
		"tillräckligt med Cloud Identity Free-licenser",
		"Cloud Identity Free のライセンス数が足りています",
		"kursi Cloud Identity Free mencukupi",
		"licenze Cloud Identity Free sufficienti"},
	"check.seats.ok": {
		"%[1]s needed, %[2]s free (%[3]s of %[4]s assigned)",
		"%[1]s nécessaires, %[2]s disponibles (%[3]s attribuées sur %[4]s)",
		"%[1]s behövs, %[2]s lediga (%[3]s av %[4]s tilldelade)",
		"必要数 %[1]s、空き %[2]s（%[4]s のうち %[3]s を割り当て済み）",
		"%[1]s diperlukan, %[2]s tersedia (%[3]s dari %[4]s sudah diberikan)",
		"%[1]s necessarie, %[2]s libere (%[3]s assegnate su %[4]s)"},
	"check.seats.short": {
		"%[1]s needed, %[2]s free (%[3]s of %[4]s assigned); %[5]s more needed",
		"%[1]s nécessaires, %[2]s disponibles (%[3]s attribuées sur %[4]s) ; il en manque %[5]s",
		"%[1]s behövs, %[2]s lediga (%[3]s av %[4]s tilldelade); %[5]s till behövs",
		"必要数 %[1]s、空き %[2]s（%[4]s のうち %[3]s を割り当て済み）。あと %[5]s 必要です",
		"%[1]s diperlukan, %[2]s tersedia (%[3]s dari %[4]s sudah diberikan); kurang %[5]s lagi",
		"%[1]s necessarie, %[2]s libere (%[3]s assegnate su %[4]s); ne mancano %[5]s"},
	"check.seats.short.fix": {
		"a super admin must request more Cloud Identity Free licenses (the Cloud Identity license form) before the setup starts",
		"un super-administrateur doit demander des licences Cloud Identity Free supplémentaires (formulaire de licences Cloud Identity) avant le début de la configuration",
		"en avancerad administratör måste begära fler Cloud Identity Free-licenser (Cloud Identity-licensformuläret) innan konfigurationen börjar",
		"設定を始める前に、特権管理者が Cloud Identity Free のライセンスの追加をリクエストする必要があります（Cloud Identity ライセンスのフォーム）",
		"administrator super harus meminta tambahan lisensi Cloud Identity Free (formulir lisensi Cloud Identity) sebelum penyiapan dimulai",
		"un super amministratore deve richiedere altre licenze Cloud Identity Free (modulo per le licenze Cloud Identity) prima che la configurazione inizi"},
	"check.seats.unknown": {
		"seat count unknown (%[1]s); assignment fails clearly if seats run out",
		"nombre de licences inconnu (%[1]s) ; si elles viennent à manquer, l'attribution échouera avec un message clair",
		"antalet licenser är okänt (%[1]s); om licenserna tar slut misslyckas tilldelningen med ett tydligt fel",
		"ライセンス数が不明です（%[1]s）。ライセンスが足りなくなった場合は、割り当てがわかりやすいエラーで失敗します",
		"jumlah kursi tidak diketahui (%[1]s); jika kursi habis, pemberian lisensi akan gagal dengan pesan yang jelas",
		"numero di licenze sconosciuto (%[1]s); se le licenze finiscono, l'assegnazione non riesce con un errore chiaro"},
	"check.seats.unknown.cause": {
		"the seat source does not know this license",
		"la source du nombre de licences ne connaît pas cette licence",
		"källan för licensantalet känner inte till den här licensen",
		"ライセンス数の取得元がこのライセンスを認識していません",
		"sumber jumlah kursi tidak mengenal lisensi ini",
		"la fonte del numero di licenze non conosce questa licenza"},
	"check.seats.unknown.fix": {
		"configure the licensing service's seat source (licensing.WithSeatSource) with the subscription's seat count",
		"indiquez à l'outil le nombre de licences de l'abonnement (source du nombre de licences du service de licences)",
		"ange prenumerationens antal licenser för verktyget (licenstjänstens källa för licensantal)",
		"ライセンス サービスのライセンス数の取得元に、サブスクリプションのライセンス数を設定してください",
		"atur sumber jumlah kursi layanan lisensi dengan jumlah kursi langganan",
		"indica allo strumento il numero di licenze dell'abbonamento (fonte del numero di licenze del servizio licenze)"},

	// S5: the role and its assignments.
	"step.blocked.noRole": {
		"the role cannot be ensured",
		"le rôle ne peut pas être mis en place",
		"rollen kan inte säkerställas",
		"ロールを用意できません",
		"peran tidak dapat disiapkan",
		"il ruolo non può essere predisposto"},
	"step.assignment.create": {
		"the role will be assigned customer-wide",
		"le rôle sera attribué pour toute l'organisation",
		"rollen tilldelas för hela organisationen",
		"ロールが組織全体に割り当てられます",
		"peran akan diberikan untuk seluruh organisasi",
		"il ruolo sarà assegnato per l'intera organizzazione"},
	"step.assignment.holds": {
		"assigned customer-wide",
		"attribué pour toute l'organisation",
		"tilldelad för hela organisationen",
		"組織全体に割り当て済みです",
		"sudah diberikan untuk seluruh organisasi",
		"assegnato per l'intera organizzazione"},
	"step.assignment.expiring": {
		"assigned with an expiry; will be replaced by an assignment that does not expire",
		"attribué avec une date d'expiration ; sera remplacé par une attribution sans expiration",
		"tilldelad med ett slutdatum; ersätts av en tilldelning som inte upphör",
		"有効期限付きで割り当てられています。有効期限のない割り当てに置き換えられます",
		"diberikan dengan masa berlaku; akan diganti dengan penetapan yang tidak berakhir",
		"assegnato con una scadenza; sarà sostituito da un'assegnazione senza scadenza"},
	"step.assignment.notNeeded": {
		"not needed: %[1]s", "inutile : %[1]s", "behövs inte: %[1]s",
		"不要です: %[1]s", "tidak diperlukan: %[1]s", "non necessario: %[1]s"},
	"step.assignment.reaches": {
		"already reaches the portal through %[1]s, customer-wide with no expiry; the role is not assigned",
		"a déjà accès au portail par %[1]s, pour toute l'organisation et sans expiration ; le rôle n'est pas attribué",
		"når redan portalen via %[1]s, för hela organisationen och utan slutdatum; rollen tilldelas inte",
		"%[1]s により、組織全体で有効期限なしにポータルを利用できます。ロールは割り当てません",
		"sudah dapat mengakses portal melalui %[1]s, untuk seluruh organisasi tanpa masa berlaku; peran tidak diberikan",
		"accede già al portale tramite %[1]s, per l'intera organizzazione e senza scadenza; il ruolo non viene assegnato"},
	"path.resellerAdmin": {
		"the %[1]s role (%[2]s)", "le rôle « %[1]s » (%[2]s)", "rollen som %[1]s (%[2]s)",
		"%[1]sロール（%[2]s）", "peran %[1]s (%[2]s)", "il ruolo %[1]s (%[2]s)"},
	"path.superAdmin": {
		"the super admin role (%[1]s)", "le rôle de super-administrateur (%[1]s)", "rollen som avancerad administratör (%[1]s)",
		"特権管理者ロール（%[1]s）", "peran administrator super (%[1]s)", "il ruolo di super amministratore (%[1]s)"},
	"path.role": {
		"the role %[1]s (%[2]s)", "le rôle %[1]s (%[2]s)", "rollen %[1]s (%[2]s)",
		"ロール %[1]s（%[2]s）", "peran %[1]s (%[2]s)", "il ruolo %[1]s (%[2]s)"},
	"path.roles": {
		"the roles %[1]s (%[2]s)", "les rôles %[1]s (%[2]s)", "rollerna %[1]s (%[2]s)",
		"ロール %[1]s（%[2]s）", "peran-peran %[1]s (%[2]s)", "i ruoli %[1]s (%[2]s)"},
	"step.role.notNeeded": {
		"not needed: every staff account of this reseller account already reaches the portal; the role is not created",
		"inutile : tous les comptes du personnel de ce compte revendeur ont déjà accès au portail ; le rôle n'est pas créé",
		"behövs inte: alla personalkonton för det här återförsäljarkontot når redan portalen; rollen skapas inte",
		"不要です。この販売パートナー アカウントのスタッフ アカウントはすべてポータルを利用できるため、ロールは作成しません",
		"tidak diperlukan: semua akun staf akun reseller ini sudah dapat mengakses portal; peran tidak dibuat",
		"non necessario: tutti gli account del personale di questo account rivenditore accedono già al portale; il ruolo non viene creato"},
	"step.role.prebuiltExists": {
		"the pre-built role exists (%[1]s)",
		"le rôle prédéfini existe (%[1]s)",
		"den fördefinierade rollen finns (%[1]s)",
		"既定のロールが存在します（%[1]s）",
		"peran bawaan sudah ada (%[1]s)",
		"il ruolo predefinito esiste (%[1]s)"},
	"step.role.noResellerAdmin": {
		"this tenant has no %[1]s role: is it a reseller account? Use a custom role instead",
		"ce compte n'a pas de rôle « %[1]s » : s'agit-il bien d'un compte revendeur ? Utilisez plutôt un rôle personnalisé",
		"den här organisationen har ingen roll som %[1]s: är det ett återförsäljarkonto? Använd en anpassad roll i stället",
		"このテナントには%[1]sロールがありません。販売パートナー アカウントかどうかを確認し、代わりにカスタム ロールを使用してください",
		"tenant ini tidak memiliki peran %[1]s: apakah ini akun reseller? Gunakan peran khusus sebagai gantinya",
		"questo account non ha il ruolo %[1]s: è davvero un account rivenditore? Usa invece un ruolo personalizzato"},
	"step.role.privilegesAbsent": {
		"the tenant's privilege tree lacks %[1]s under its configured names: list the tree (examples/privileges) and give the roles service the real names (roles.WithNameTable)",
		"l'arborescence des droits du compte n'a pas %[1]s sous les noms configurés : affichez l'arborescence (programme examples/privileges) et configurez les vrais noms",
		"organisationens behörighetsträd saknar %[1]s under de konfigurerade namnen: lista trädet (programmet examples/privileges) och konfigurera de verkliga namnen",
		"テナントの権限ツリーに、設定された名前の %[1]s がありません。ツリーを一覧表示して（examples/privileges プログラム）、実際の名前を設定してください",
		"pohon hak istimewa tenant tidak memiliki %[1]s dengan nama yang dikonfigurasi: tampilkan pohonnya (program examples/privileges) lalu atur nama yang sebenarnya",
		"l'albero dei privilegi dell'account non contiene %[1]s con i nomi configurati: elenca l'albero (programma examples/privileges) e configura i nomi reali"},
	"step.role.create": {
		"will be created with exactly: %[1]s",
		"sera créé avec exactement : %[1]s",
		"skapas med exakt: %[1]s",
		"次の権限だけを持つロールとして作成されます: %[1]s",
		"akan dibuat dengan tepat: %[1]s",
		"sarà creato con esattamente: %[1]s"},
	"step.role.exists": {
		"exists with exactly the profile's privileges",
		"existe avec exactement les droits du profil",
		"finns med exakt profilens behörigheter",
		"プロファイルの権限だけを持つロールとして存在します",
		"sudah ada dengan hak istimewa yang tepat sesuai profil",
		"esiste con esattamente i privilegi del profilo"},
	"step.role.conflict": {
		"a role of this name exists with other privileges (missing: %[1]s; extra: %[2]s); it is not changed silently (S5): choose another RoleName or fix the role",
		"un rôle de ce nom existe avec d'autres droits (manquants : %[1]s ; en trop : %[2]s) ; il n'est pas modifié sans vous le dire (S5) : choisissez un autre nom de rôle ou corrigez le rôle",
		"en roll med det här namnet finns med andra behörigheter (saknas: %[1]s; extra: %[2]s); den ändras inte i tysthet (S5): välj ett annat rollnamn eller rätta rollen",
		"この名前のロールが別の権限で存在します（不足: %[1]s、余分: %[2]s）。黙って変更はしません (S5)。別のロール名を選ぶか、ロールを修正してください",
		"peran dengan nama ini sudah ada dengan hak istimewa lain (kurang: %[1]s; lebih: %[2]s); peran tidak diubah diam-diam (S5): pilih nama peran lain atau perbaiki perannya",
		"esiste un ruolo con questo nome ma con altri privilegi (mancanti: %[1]s; in più: %[2]s); non viene modificato senza avvisare (S5): scegli un altro nome di ruolo o correggi il ruolo"},

	// S6: the mail redirect.
	"manual.mailRedirect": {
		"Redirect the mail of each staff account to the person's own address (Admin console › Apps › Google Workspace › Gmail › Routing), so case alerts reach them",
		"Redirigez les e-mails de chaque compte du personnel vers l'adresse personnelle de la personne (Console d'administration › Applications › Google Workspace › Gmail › Routage), pour que les alertes des demandes lui parviennent",
		"Vidarebefordra e-posten för varje personalkonto till personens egen adress (Administratörskonsolen › Appar › Google Workspace › Gmail › Routning), så att ärendeaviseringarna når dem",
		"ケースのアラートが届くように、各スタッフ アカウントのメールを担当者自身のアドレスに転送してください（管理コンソール › アプリ › Google Workspace › Gmail › ルーティング）",
		"Alihkan email setiap akun staf ke alamat pribadi orang tersebut (Konsol Admin › Aplikasi › Google Workspace › Gmail › Pemilihan rute), agar peringatan kasus sampai kepadanya",
		"Reindirizza la posta di ogni account del personale all'indirizzo personale della persona (Console di amministrazione › App › Google Workspace › Gmail › Routing), così gli avvisi delle richieste le arrivano"},

	// Errors, by kind: what happened and what to do. The English plan shows
	// the error's own text; these are for the other languages (and for an
	// English message that lost its cause).
	"error.unknown": {
		"Google answered with an unexpected error; try again, and if it persists, see the log for details",
		"Google a répondu par une erreur inattendue ; réessayez et, si elle persiste, consultez le journal pour les détails",
		"Google svarade med ett oväntat fel; försök igen, och om felet kvarstår, se loggen för mer information",
		"Google から予期しないエラーが返されました。もう一度お試しください。解決しない場合は、ログで詳細を確認してください",
		"Google memberikan error yang tidak terduga; coba lagi, dan jika masih terjadi, lihat log untuk detailnya",
		"Google ha risposto con un errore imprevisto; riprova e, se persiste, consulta il log per i dettagli"},
	"error.invalidArgument": {
		"Google refused the request as invalid; check the setup's settings, and see the log for details",
		"Google a refusé la requête comme non valide ; vérifiez les paramètres de la configuration et consultez le journal pour les détails",
		"Google avvisade begäran som ogiltig; kontrollera konfigurationens inställningar och se loggen för mer information",
		"Google がリクエストを無効として拒否しました。設定を確認し、ログで詳細を確認してください",
		"Google menolak permintaan karena tidak valid; periksa setelan penyiapan, dan lihat log untuk detailnya",
		"Google ha rifiutato la richiesta perché non valida; controlla le impostazioni della configurazione e consulta il log per i dettagli"},
	"error.unauthenticated": {
		"Google refused the credentials; check the service account key and its domain-wide delegation",
		"Google a refusé les identifiants ; vérifiez la clé du compte de service et sa délégation au niveau du domaine",
		"Google avvisade autentiseringsuppgifterna; kontrollera tjänstkontots nyckel och dess domänomfattande delegering",
		"Google が認証情報を拒否しました。サービス アカウント キーとドメイン全体の委任を確認してください",
		"Google menolak kredensial; periksa kunci akun layanan dan delegasi tingkat domainnya",
		"Google ha rifiutato le credenziali; controlla la chiave dell'account di servizio e la sua delega a livello di dominio"},
	"error.permissionDenied": {
		"Google refused access; act as a super admin, and grant the credentials the missing scope or enable the missing API",
		"Google a refusé l'accès ; agissez au nom d'un super-administrateur, et accordez aux identifiants le champ d'application manquant ou activez l'API manquante",
		"Google nekade åtkomst; agera som en avancerad administratör och ge autentiseringsuppgifterna den omfattning som saknas, eller aktivera det API som saknas",
		"Google がアクセスを拒否しました。特権管理者として操作し、不足しているスコープを認証情報に付与するか、不足している API を有効にしてください",
		"Google menolak akses; bertindaklah atas nama administrator super, dan berikan cakupan yang kurang ke kredensial atau aktifkan API yang belum aktif",
		"Google ha negato l'accesso; agisci per conto di un super amministratore e concedi alle credenziali l'ambito mancante, oppure attiva l'API mancante"},
	"error.notFound": {
		"Google did not find it; check the address, domain or customer, and that it still exists",
		"Google ne l'a pas trouvé ; vérifiez l'adresse, le domaine ou le client, et qu'il existe toujours",
		"Google hittade det inte; kontrollera adressen, domänen eller kunden och att den fortfarande finns",
		"Google で見つかりませんでした。アドレス、ドメイン、顧客が正しく、まだ存在していることを確認してください",
		"Google tidak menemukannya; periksa alamat, domain, atau pelanggan, dan pastikan masih ada",
		"Google non l'ha trovato; controlla l'indirizzo, il dominio o il cliente, e che esista ancora"},
	"error.alreadyExists": {
		"it already exists at Google; plan again to see the current state",
		"cela existe déjà chez Google ; refaites le plan pour voir l'état actuel",
		"det finns redan hos Google; gör om planen för att se det aktuella läget",
		"Google にすでに存在します。プランを作り直して現在の状態を確認してください",
		"sudah ada di Google; buat ulang rencananya untuk melihat keadaan terkini",
		"esiste già in Google; rifai il piano per vedere lo stato attuale"},
	"error.failedPrecondition": {
		"Google refused the request in the current state; fix what the log names, then plan again",
		"Google a refusé la requête dans l'état actuel ; corrigez ce que le journal indique, puis refaites le plan",
		"Google avvisade begäran i det aktuella läget; åtgärda det som loggen anger och gör sedan om planen",
		"現在の状態では Google がリクエストを拒否しました。ログに示された問題を修正してから、プランを作り直してください",
		"Google menolak permintaan dalam keadaan saat ini; perbaiki hal yang disebutkan di log, lalu buat ulang rencananya",
		"Google ha rifiutato la richiesta nello stato attuale; correggi ciò che indica il log, poi rifai il piano"},
	"error.rateLimited": {
		"Google's quota was exceeded; wait a few minutes and try again",
		"le quota de Google a été dépassé ; attendez quelques minutes et réessayez",
		"Googles kvot överskreds; vänta några minuter och försök igen",
		"Google の割り当てを超えました。数分待ってからもう一度お試しください",
		"kuota Google terlampaui; tunggu beberapa menit lalu coba lagi",
		"la quota di Google è stata superata; attendi qualche minuto e riprova"},
	"error.unavailable": {
		"Google is unavailable for now; try again in a few minutes",
		"Google est indisponible pour le moment ; réessayez dans quelques minutes",
		"Google är inte tillgängligt just nu; försök igen om några minuter",
		"Google は現在利用できません。数分後にもう一度お試しください",
		"Google sedang tidak tersedia; coba lagi dalam beberapa menit",
		"Google al momento non è disponibile; riprova tra qualche minuto"},
	"error.canceled": {
		"the request was canceled or took too long; try again",
		"la requête a été annulée ou a pris trop de temps ; réessayez",
		"begäran avbröts eller tog för lång tid; försök igen",
		"リクエストがキャンセルされたか、時間がかかりすぎました。もう一度お試しください",
		"permintaan dibatalkan atau memakan waktu terlalu lama; coba lagi",
		"la richiesta è stata annullata o ha richiesto troppo tempo; riprova"},
	"error.unsupported": {
		"Google does not offer this operation here; see the log for details",
		"Google ne propose pas cette opération ici ; consultez le journal pour les détails",
		"Google erbjuder inte den här åtgärden här; se loggen för mer information",
		"この操作は Google では利用できません。ログで詳細を確認してください",
		"Google tidak menyediakan operasi ini di sini; lihat log untuk detailnya",
		"Google non offre questa operazione qui; consulta il log per i dettagli"},
}
