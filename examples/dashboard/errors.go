package main

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/resellerkit/resellerkit"
)

// pageError is an error a handler shows on the error page as a catalogue
// message: key with args, in the reader's language. The English text of
// the message (and cause, when set) is what Error returns, for the log.
type pageError struct {
	key   string
	args  []any
	cause error
}

func (e *pageError) Error() string {
	s := langs[0].T(e.key, e.args...)
	if e.cause != nil {
		s += ": " + e.cause.Error()
	}
	return s
}

func (e *pageError) Unwrap() error { return e.cause }

// pageErr returns the page error of catalogue key with args.
func pageErr(key string, args ...any) error { return &pageError{key: key, args: args} }

// badParam says the query parameter name holds value, which the page does
// not accept; cause, the SDK's own reason, goes to the log.
func badParam(name, value string, cause error) error {
	value = strings.ToValidUTF8(value, "?")
	if len(value) > maxShownValue {
		n := maxShownValue
		for n > 0 && !utf8.RuneStart(value[n]) {
			n--
		}
		value = value[:n] + "…"
	}
	return &pageError{key: "err.param", args: []any{name, value}, cause: cause}
}

// maxShownValue bounds how much of a refused value (in bytes) an error
// page repeats.
const maxShownValue = 80

// noPage is the error of a path the dashboard does not serve.
func noPage(path string) error { return pageErr("err.nopage", path) }

// errorPage is the data of the error page.
type errorPage struct {
	Title   string // what kind of failure, e.g. "Not found"
	Message string // what happened and what to do
}

// errorText says, in l, what err means for the reader of a page answered
// with status: a pageError's own message, else one per class of SDK error
// (resellerkit.KindOf), else one per status. An SDK error's text is never
// shown: it names Google's methods and HTTP answers, for the log.
func errorText(l lang, status int, err error) errorPage {
	titleKey, statusMessage := statusKeys(status)
	p := errorPage{Title: l.T(titleKey)}
	if pe, ok := errors.AsType[*pageError](err); ok {
		p.Message = l.T(pe.key, pe.args...)
		return p
	}
	key, ok := kindKeys[resellerkit.KindOf(err)]
	if !ok {
		key = statusMessage
	}
	p.Message = l.T(key)
	return p
}

// kindKeys are the catalogue keys of the message for each class of SDK
// error.
var kindKeys = map[resellerkit.Kind]string{
	resellerkit.KindInvalidArgument:    "err.invalid",
	resellerkit.KindNotFound:           "err.notfound",
	resellerkit.KindPermissionDenied:   "err.denied",
	resellerkit.KindUnauthenticated:    "err.unauthenticated",
	resellerkit.KindUnavailable:        "err.unavailable",
	resellerkit.KindRateLimited:        "err.unavailable",
	resellerkit.KindCanceled:           "err.canceled",
	resellerkit.KindUnsupported:        "err.unsupported",
	resellerkit.KindFailedPrecondition: "err.precondition",
	resellerkit.KindAlreadyExists:      "err.precondition",
}

// statusKeys are the catalogue keys of the title of a failure a page's
// status says, and of its message when the error has no class of its own.
func statusKeys(status int) (title, message string) {
	switch status {
	case http.StatusBadRequest:
		return "err.title.input", "err.invalid"
	case http.StatusForbidden:
		return "err.title.denied", "err.denied"
	case http.StatusNotFound:
		return "err.title.notfound", "err.notfound"
	case http.StatusNotImplemented:
		return "err.title.unsupported", "err.unsupported"
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return "err.title.unavailable", "err.unavailable"
	}
	return "err.title.internal", "err.internal"
}

func init() {
	registerMessages(map[string][6]string{
		"err.title.input":       {"The request is not valid", "La demande n'est pas valide", "Begäran är ogiltig", "リクエストが正しくありません", "Permintaan tidak valid", "La richiesta non è valida"},
		"err.title.denied":      {"Access refused", "Accès refusé", "Åtkomst nekad", "アクセスが拒否されました", "Akses ditolak", "Accesso negato"},
		"err.title.notfound":    {"Not found", "Introuvable", "Hittades inte", "見つかりません", "Tidak ditemukan", "Non trovato"},
		"err.title.unsupported": {"Not available here", "Indisponible ici", "Inte tillgängligt här", "ここでは利用できません", "Tidak tersedia di sini", "Non disponibile qui"},
		"err.title.unavailable": {"The data could not be read", "Les données n'ont pas pu être lues", "Data kunde inte läsas", "データを読み込めませんでした", "Data tidak dapat dibaca", "Impossibile leggere i dati"},
		"err.title.internal":    {"The page could not be made", "La page n'a pas pu être produite", "Sidan kunde inte skapas", "ページを作成できませんでした", "Halaman tidak dapat dibuat", "Impossibile creare la pagina"},

		"err.invalid": {
			"A value of this request was refused. Go back, change the filters or the choice, and try again.",
			"Une valeur de cette demande a été refusée. Revenez en arrière, modifiez les filtres ou le choix, puis réessayez.",
			"Ett värde i begäran avvisades. Gå tillbaka, ändra filtren eller valet och försök igen.",
			"このリクエストの値が拒否されました。前のページに戻り、フィルタや選択を変更してから、もう一度お試しください。",
			"Sebuah nilai dalam permintaan ini ditolak. Kembali, ubah filter atau pilihan, lalu coba lagi.",
			"Un valore di questa richiesta è stato rifiutato. Torna indietro, modifica i filtri o la scelta e riprova.",
		},
		"err.notfound": {
			"What this page asks for does not exist, or the reseller accounts read may not see it. Choose it again from the dashboard's lists.",
			"Ce que demande cette page n'existe pas, ou les comptes revendeur lus ne peuvent pas le voir. Choisissez-le à nouveau dans les listes du tableau de bord.",
			"Det sidan frågar efter finns inte, eller så får de inlästa återförsäljarkontona inte se det. Välj det igen i panelens listor.",
			"このページが求めるものは存在しないか、読み込んだ販売パートナー アカウントからは表示できません。ダッシュボードの一覧からもう一度選んでください。",
			"Yang diminta halaman ini tidak ada, atau akun reseller yang dibaca tidak boleh melihatnya. Pilih lagi dari daftar di dasbor.",
			"Ciò che questa pagina chiede non esiste, oppure gli account rivenditore letti non possono vederlo. Sceglilo di nuovo dagli elenchi della dashboard.",
		},
		"err.denied": {
			"Google refused the dashboard's account access to this data. Check that account's roles and its domain-wide delegation, then read the data again.",
			"Google a refusé au compte du tableau de bord l'accès à ces données. Vérifiez les rôles de ce compte et sa délégation au niveau du domaine, puis relisez les données.",
			"Google nekade panelens konto åtkomst till dessa data. Kontrollera kontots roller och dess domänomfattande delegering och läs sedan om data.",
			"Google はダッシュボードのアカウントにこのデータへのアクセスを拒否しました。そのアカウントの役割とドメイン全体の委任を確認してから、データを再読み込みしてください。",
			"Google menolak akses akun dasbor ke data ini. Periksa peran akun tersebut dan delegasi seluruh domainnya, lalu baca ulang data.",
			"Google ha negato all'account della dashboard l'accesso a questi dati. Controlla i ruoli di quell'account e la sua delega a livello di dominio, poi rileggi i dati.",
		},
		"err.unauthenticated": {
			"The dashboard could not sign in to Google. Check its service-account key and the administrator it acts as, then start it again.",
			"Le tableau de bord n'a pas pu se connecter à Google. Vérifiez sa clé de compte de service et l'administrateur qu'il représente, puis relancez-le.",
			"Panelen kunde inte logga in hos Google. Kontrollera dess tjänstekontonyckel och administratören den agerar som, och starta den sedan igen.",
			"ダッシュボードが Google にログインできませんでした。サービス アカウントの鍵と、代理で操作する管理者を確認してから、再起動してください。",
			"Dasbor tidak dapat masuk ke Google. Periksa kunci akun layanannya dan administrator yang diwakilinya, lalu jalankan lagi.",
			"La dashboard non è riuscita ad accedere a Google. Controlla la chiave dell'account di servizio e l'amministratore per cui agisce, poi riavviala.",
		},
		"err.unavailable": {
			"Google did not answer, or answered with a failure. Wait a moment and reload the page; the dashboard's log has the detail.",
			"Google n'a pas répondu, ou a répondu par un échec. Patientez un instant puis rechargez la page ; le détail est dans le journal du tableau de bord.",
			"Google svarade inte, eller svarade med ett fel. Vänta en stund och ladda om sidan; panelens logg har detaljerna.",
			"Google から応答がないか、エラーが返されました。しばらく待ってからページを再読み込みしてください。詳細はダッシュボードのログにあります。",
			"Google tidak menjawab, atau menjawab dengan kegagalan. Tunggu sebentar lalu muat ulang halaman; log dasbor berisi detailnya.",
			"Google non ha risposto, o ha risposto con un errore. Attendi un momento e ricarica la pagina; il log della dashboard contiene i dettagli.",
		},
		"err.canceled": {
			"The request stopped before it finished: it took too long, or the page was left. Reload the page.",
			"La demande s'est arrêtée avant la fin : elle a pris trop de temps, ou la page a été quittée. Rechargez la page.",
			"Begäran avbröts innan den var klar: den tog för lång tid, eller så lämnades sidan. Ladda om sidan.",
			"リクエストが完了前に停止しました。時間がかかりすぎたか、ページが閉じられました。ページを再読み込みしてください。",
			"Permintaan berhenti sebelum selesai: terlalu lama, atau halaman ditinggalkan. Muat ulang halaman.",
			"La richiesta si è interrotta prima di finire: ha richiesto troppo tempo, o la pagina è stata chiusa. Ricarica la pagina.",
		},
		"err.unsupported": {
			"This dashboard cannot show this page with the data it was started with. Its log says what is missing, and its -help which setting provides it.",
			"Ce tableau de bord ne peut pas afficher cette page avec les données avec lesquelles il a été lancé. Son journal dit ce qui manque, et son -help quel réglage le fournit.",
			"Panelen kan inte visa sidan med de data den startades med. Loggen säger vad som saknas och -help vilken inställning som ger det.",
			"このダッシュボードは、起動時のデータではこのページを表示できません。足りないものはログに、それを指定する設定は -help に書かれています。",
			"Dasbor ini tidak dapat menampilkan halaman ini dengan data yang digunakan saat dijalankan. Log-nya menyebutkan apa yang kurang, dan -help-nya pengaturan yang menyediakannya.",
			"Questa dashboard non può mostrare questa pagina con i dati con cui è stata avviata. Il suo log dice cosa manca, e il suo -help quale impostazione lo fornisce.",
		},
		"err.precondition": {
			"Google refused the request in the data's current state. Read the data again, then try again.",
			"Google a refusé la demande dans l'état actuel des données. Relisez les données, puis réessayez.",
			"Google avvisade begäran i datats nuvarande läge. Läs om data och försök sedan igen.",
			"Google は現在のデータの状態ではこのリクエストを拒否しました。データを再読み込みしてから、もう一度お試しください。",
			"Google menolak permintaan dalam keadaan data saat ini. Baca ulang data, lalu coba lagi.",
			"Google ha rifiutato la richiesta nello stato attuale dei dati. Rileggi i dati, poi riprova.",
		},
		"err.internal": {
			"The dashboard failed to make this page. Try again in a moment; its log has the detail.",
			"Le tableau de bord n'a pas réussi à produire cette page. Réessayez dans un instant ; le détail est dans son journal.",
			"Panelen kunde inte skapa sidan. Försök igen om en stund; loggen har detaljerna.",
			"ダッシュボードはこのページを作成できませんでした。しばらくしてからもう一度お試しください。詳細はログにあります。",
			"Dasbor gagal membuat halaman ini. Coba lagi sebentar lagi; log-nya berisi detailnya.",
			"La dashboard non è riuscita a creare questa pagina. Riprova tra un momento; il suo log contiene i dettagli.",
		},

		// The dashboard's own input errors.
		"err.nopage": {
			"There is no page at %s. Use the links at the top of the page.",
			"Il n'y a pas de page à l'adresse %s. Utilisez les liens en haut de la page.",
			"Det finns ingen sida på %s. Använd länkarna högst upp på sidan.",
			"%s にページはありません。ページ上部のリンクを使ってください。",
			"Tidak ada halaman di %s. Gunakan tautan di bagian atas halaman.",
			"Non c'è nessuna pagina all'indirizzo %s. Usa i link in cima alla pagina.",
		},
		"err.param": {
			"The value \u201c%[2]s\u201d of \u201c%[1]s\u201d in the address is not accepted. Choose it with the page's form, or start again from the access grid.",
			"La valeur « %[2]s » de « %[1]s » dans l'adresse n'est pas acceptée. Choisissez-la avec le formulaire de la page, ou repartez de la grille d'accès.",
			"Värdet ”%[2]s” för ”%[1]s” i adressen godtas inte. Välj det i sidans formulär, eller börja om från åtkomstrutnätet.",
			"アドレスの「%[1]s」の値「%[2]s」は受け付けられません。ページのフォームで選ぶか、アクセス表からやり直してください。",
			"Nilai \u201c%[2]s\u201d untuk \u201c%[1]s\u201d di alamat tidak diterima. Pilih dengan formulir halaman, atau mulai lagi dari tabel akses.",
			"Il valore «%[2]s» di «%[1]s» nell'indirizzo non è accettato. Sceglilo con il modulo della pagina, o ricomincia dalla griglia degli accessi.",
		},
		"err.keyword": {
			"The search text is %d bytes long; use at most %d.",
			"Le texte recherché fait %d octets ; utilisez-en %d au plus.",
			"Söktexten är %d byte lång; använd högst %d.",
			"検索文字列が %d バイトあります。%d バイト以内にしてください。",
			"Teks pencarian sepanjang %d byte; gunakan paling banyak %d.",
			"Il testo cercato è lungo %d byte; usane al massimo %d.",
		},
		"err.pagetoken": {
			"This page link is too long to be one of the dashboard's; start again from the first page.",
			"Ce lien de page est trop long pour venir du tableau de bord ; repartez de la première page.",
			"Sidlänken är för lång för att komma från panelen; börja om från första sidan.",
			"このページのリンクはダッシュボードのものにしては長すぎます。最初のページからやり直してください。",
			"Tautan halaman ini terlalu panjang untuk berasal dari dasbor; mulai lagi dari halaman pertama.",
			"Questo link di pagina è troppo lungo per essere della dashboard; ricomincia dalla prima pagina.",
		},
		"err.pagenum": {
			"Page number \u201c%s\u201d is not valid: use a number from 1 to %d, or start again from the first page.",
			"Le numéro de page « %s » n'est pas valide : utilisez un nombre de 1 à %d, ou repartez de la première page.",
			"Sidnummer ”%s” är ogiltigt: använd ett tal från 1 till %d, eller börja om från första sidan.",
			"ページ番号「%s」は正しくありません。1 から %d までの数を使うか、最初のページからやり直してください。",
			"Nomor halaman \u201c%s\u201d tidak valid: gunakan angka 1 sampai %d, atau mulai lagi dari halaman pertama.",
			"Il numero di pagina «%s» non è valido: usa un numero da 1 a %d, o ricomincia dalla prima pagina.",
		},
		"err.domain": {
			"%s is not a domain of the reseller accounts read; choose one from the list.",
			"%s n'est pas un domaine des comptes revendeur lus ; choisissez-en un dans la liste.",
			"%s är inte en domän hos de inlästa återförsäljarkontona; välj en i listan.",
			"%s は読み込んだ販売パートナー アカウントのドメインではありません。一覧から選んでください。",
			"%s bukan domain dari akun reseller yang dibaca; pilih salah satu dari daftar.",
			"%s non è un dominio degli account rivenditore letti; scegline uno dall'elenco.",
		},
		"err.account": {
			"%s is not one of the reseller accounts read; choose one from the list.",
			"%s n'est pas un des comptes revendeur lus ; choisissez-en un dans la liste.",
			"%s är inte ett av de inlästa återförsäljarkontona; välj ett i listan.",
			"%s は読み込んだ販売パートナー アカウントではありません。一覧から選んでください。",
			"%s bukan salah satu akun reseller yang dibaca; pilih salah satu dari daftar.",
			"%s non è uno degli account rivenditore letti; scegline uno dall'elenco.",
		},
		"err.person": {
			"%s is not one of the people read; choose one from the list.",
			"%s ne fait pas partie des personnes lues ; choisissez-en une dans la liste.",
			"%s är inte en av de inlästa personerna; välj en i listan.",
			"%s は読み込んだ担当者ではありません。一覧から選んでください。",
			"%s bukan salah satu orang yang dibaca; pilih salah satu dari daftar.",
			"%s non è una delle persone lette; scegline una dall'elenco.",
		},
		"err.customerid": {
			"A customer ID is 1 to 64 letters and digits, as on the customers page; choose a customer there.",
			"Un ID client compte de 1 à 64 lettres et chiffres, comme sur la page des clients ; choisissez-y un client.",
			"Ett kund-ID är 1 till 64 bokstäver och siffror, som på kundsidan; välj en kund där.",
			"顧客 ID は顧客ページにあるとおり 1〜64 文字の英数字です。顧客ページから選んでください。",
			"ID pelanggan terdiri dari 1 sampai 64 huruf dan angka, seperti di halaman pelanggan; pilih pelanggan di sana.",
			"Un ID cliente è composto da 1 a 64 lettere e cifre, come nella pagina dei clienti; scegli lì un cliente.",
		},
		"err.customer": {
			"%s is not a customer of the reseller domains read; choose one on the customers page.",
			"%s n'est pas un client des domaines revendeur lus ; choisissez-en un sur la page des clients.",
			"%s är inte en kund hos de inlästa återförsäljardomänerna; välj en på kundsidan.",
			"%s は読み込んだ販売パートナー ドメインの顧客ではありません。顧客ページから選んでください。",
			"%s bukan pelanggan dari domain reseller yang dibaca; pilih salah satu di halaman pelanggan.",
			"%s non è un cliente dei domini rivenditore letti; scegline uno nella pagina dei clienti.",
		},
		"err.gapperson": {
			"Choose a person and a domain from the access grid.",
			"Choisissez une personne et un domaine dans la grille d'accès.",
			"Välj en person och en domän i åtkomstrutnätet.",
			"アクセス表から担当者とドメインを選んでください。",
			"Pilih orang dan domain dari tabel akses.",
			"Scegli una persona e un dominio dalla griglia degli accessi.",
		},
		"err.cell": {
			"%s on %s is not a cell of the access grid; choose one there.",
			"%s sur %s n'est pas une case de la grille d'accès ; choisissez-en une dans la grille.",
			"%s på %s är ingen cell i åtkomstrutnätet; välj en där.",
			"%s (%s) はアクセス表のセルではありません。アクセス表から選んでください。",
			"%s di %s bukan sel tabel akses; pilih salah satu di sana.",
			"%s su %s non è una cella della griglia degli accessi; scegline una lì.",
		},
		"err.caseid": {
			"A case ID is a case's full name, as the cases page links it; choose a case there.",
			"Un ID de demande est le nom complet d'une demande, tel que la page des demandes le donne dans ses liens ; choisissez-y une demande.",
			"Ett ärende-ID är ärendets fullständiga namn, som ärendesidan länkar det; välj ett ärende där.",
			"ケース ID は、ケース ページのリンクにあるケースの完全な名前です。ケース ページから選んでください。",
			"ID kasus adalah nama lengkap kasus, seperti yang ditautkan halaman kasus; pilih kasus di sana.",
			"Un ID richiesta è il nome completo di una richiesta, come lo collega la pagina delle richieste; scegli lì una richiesta.",
		},
		"err.nocases": {
			"This data source cannot read cases. Start the dashboard with -cases FILE (see its -help).",
			"Cette source de données ne peut pas lire les demandes. Lancez le tableau de bord avec -cases FICHIER (voir son -help).",
			"Datakällan kan inte läsa ärenden. Starta panelen med -cases FIL (se dess -help).",
			"このデータ ソースはケースを読み込めません。-cases ファイル を指定してダッシュボードを起動してください (-help を参照)。",
			"Sumber data ini tidak dapat membaca kasus. Jalankan dasbor dengan -cases BERKAS (lihat -help-nya).",
			"Questa fonte di dati non può leggere le richieste. Avvia la dashboard con -cases FILE (vedi il suo -help).",
		},
	})
}
