package cases

import (
	"context"
	"crypto/rand"
	"math"
	"strings"
	"time"

	cloudsupport "google.golang.org/api/cloudsupport/v2"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/internal/errs"
)

// Writes whose answer was lost (rules W1, W5, C7).
//
// Every Cloud Support write but cases.patch is a POST that Google does not
// make idempotent: a second cases.create files a second case, a second
// comments.create or media.upload adds a second comment or attachment, and
// a second close or escalate answers 412 although the first one worked.
// After an answer that leaves open whether the write was applied (a 5xx, a
// connection lost mid-request) the Conn does not resend a POST; the
// cloudSupport calls find out whether it landed, through package idem,
// and resend only when it did not:
//
//   - cases.create: the case carries a deduplication tag ([caseTag]) at
//     the end of its description. The parent's cases updated since just
//     before the first send are searched for a case with the same title,
//     the same tag, filed by the filer or the Conn's actor; the search is
//     polled ([landedPolls]) before a resend, since listings can lag (rule
//     C11).
//   - comments.create: the case's comments are listed for one with the same
//     body, written by the Conn's actor, created since just before the
//     first send; polled the same way.
//   - media.upload: the case's attachments are listed for one with the same
//     file name and size, uploaded by the Conn's actor since just before the
//     first send; polled the same way. Each send builds the upload body
//     anew from the attachment's content.
//   - cases.close, cases.escalate: the case is read back; closed (or
//     escalated) means the write landed. A resend that Google refuses as
//     already closed (or already escalated, 412 or 400 FAILED_PRECONDITION)
//     after a lost answer is confirmed the same way and reported as the
//     caller's success.
//
// A write found by its read-back is the caller's own: the Service returns
// it as created or changed, never as a failure, and it is never sent twice.

// landedPolls bounds how many times a listing read-back looks for a write
// whose answer was lost before it concludes the write did not land (rule
// W5): a listing may show a write late. The pauses between looks are the
// Conn's retry pauses (1 s, 2 s with the default policy). A Conn whose
// policy allows fewer sends looks as many times as it may send.
const landedPolls = 3

// clockSkew is how far before the first send a read-back looks: the
// client's clock and Google's may differ by that much.
const clockSkew = 2 * time.Minute

// landedMaxPages bounds the pages a listing read-back reads. A case with
// more comments or attachments than that, or a parent where more cases
// changed since the send, cannot be checked: the outcome is reported as
// unknown rather than risk a second write.
const landedMaxPages = 20

// landedPageSize is the page size of a listing read-back: the maximum
// Google documents for attachments, asked of every listing.
const landedPageSize = 100

// The deduplication tag [Service.Create] ends a case's description with:
// "\n\n[resellerkit deduplication tag bcdfghjkmnpqrstv]", 16 letters drawn
// at random per Create. Its words are few and unusual, because Google's
// free-text search matches them like the rest of the description
// ([ListOptions.Keyword] "resellerkit" finds every case the SDK filed). The
// letters are consonants only, so a tag is never a word, a number or
// anything the personal-data guard (rule C3) takes for personal data.
const (
	tagPrefix   = "\n\n[resellerkit deduplication tag "
	tagSuffix   = "]"
	tagAlphabet = "bcdfghjkmnpqrstvwxz"
	tagLength   = 16
)

// newTag returns a random deduplication tag: 16 of 19 letters, about 68
// bits, so two Creates never share one.
func newTag() string {
	b := make([]byte, tagLength)
	rand.Read(b) // never fails (crypto/rand)
	for i := range b {
		b[i] = tagAlphabet[int(b[i])%len(tagAlphabet)]
	}
	return string(b)
}

// caseTag is the line [Service.Create] appends to a description.
func caseTag(tag string) string { return tagPrefix + tag + tagSuffix }

// isTag reports whether s is a tag [newTag] could have made.
func isTag(s string) bool {
	if len(s) != tagLength {
		return false
	}
	for i := range len(s) {
		if !strings.ContainsRune(tagAlphabet, rune(s[i])) {
			return false
		}
	}
	return true
}

// untag returns a description without the deduplication tag that
// [Service.Create] appended, and the tag ("" when it has none). Only the
// exact trailing line is removed, so a description shows what its filer
// wrote.
func untag(desc string) (string, string) {
	rest, ok := strings.CutSuffix(desc, tagSuffix)
	if !ok || len(rest) < len(tagPrefix)+tagLength {
		return desc, ""
	}
	i := len(rest) - tagLength - len(tagPrefix)
	if rest[i:i+len(tagPrefix)] != tagPrefix || !isTag(rest[i+len(tagPrefix):]) {
		return desc, ""
	}
	return rest[:i], rest[i+len(tagPrefix):]
}

// pollLanded calls look until it finds what it looks for, at most
// [landedPolls] times (fewer when the policy allows fewer sends), pausing
// between looks as the policy pauses between sends (rule W5).
func pollLanded[T any](ctx context.Context, op string, p resellerkit.RetryPolicy, look func(context.Context) (T, bool, error)) (T, bool, error) {
	polls := min(landedPolls, max(p.MaxAttempts, 1))
	for n := 0; ; n++ {
		v, ok, err := look(ctx)
		if err != nil || ok || n+1 >= polls {
			return v, ok, err
		}
		t := time.NewTimer(retryPause(p, n))
		select {
		case <-ctx.Done():
			t.Stop()
			var zero T
			return zero, false, resellerkit.Wrap(op, ctx.Err())
		case <-t.C:
		}
	}
}

// retryPause is the policy's pause before resend n (n = 0 for the
// second send), without jitter: Initial × Multiplierⁿ, at most Max.
func retryPause(p resellerkit.RetryPolicy, n int) time.Duration {
	d := float64(p.Initial) * math.Pow(max(p.Multiplier, 1), float64(n))
	if d >= float64(p.Max) {
		return p.Max
	}
	return time.Duration(d)
}

// sentBy reports whether actor a is one of whom: its email or username,
// case-insensitively. An actor Google did not name (nil) or a caller who
// is not known (every whom empty) does not rule a write out: the other
// clues decide.
func sentBy(a *cloudsupport.Actor, whom ...string) bool {
	known := false
	for _, w := range whom {
		if w == "" {
			continue
		}
		known = true
		if a != nil && (strings.EqualFold(a.Email, w) || strings.EqualFold(a.Username, w)) {
			return true
		}
	}
	return a == nil || !known
}

// notBefore reports whether the RFC 3339 time s is not before since less
// [clockSkew]; a time Google did not give does not rule a write out.
func notBefore(s string, since time.Time) bool {
	t := parseTime(s)
	return t.IsZero() || !t.Before(since.Add(-clockSkew))
}

// sameText compares a text as sent with the text Google keeps, which may
// have its line ends and surrounding white space normalised.
func sameText(sent, kept string) bool {
	norm := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	return norm(sent) == norm(kept)
}

// tooMany is the error of a read-back that would read more than
// [landedMaxPages] pages: whether the write landed cannot be told.
func tooMany(call, what string) error {
	return errs.Errorf(resellerkit.KindUnavailable, call,
		"%s has more than %d pages of %d, too many to tell whether the write landed", what, landedMaxPages, landedPageSize)
}

// findCase looks for the case one Create filed: under parent, updated
// since just before since, with the title and the deduplication tag of in,
// filed by filer or the Conn's actor. It returns the earliest such case,
// should several sends have landed.
//
// Google: cloudsupport.cases.search (update_time>)
func (g *cloudSupport) findCase(ctx context.Context, parent, filer, tag string, in *cloudsupport.Case, since time.Time) (*cloudsupport.Case, bool, error) {
	const call = "cloudsupport.cases.search"
	q := `update_time>"` + since.Add(-clockSkew).UTC().Format(time.RFC3339) + `"`
	mark := tagPrefix[2:] + tag + tagSuffix
	var found *cloudsupport.Case
	token := ""
	for page := 0; ; page++ {
		if page == landedMaxPages {
			return nil, false, tooMany(call, "the search of cases updated since the send")
		}
		resp, err := g.searchPage(ctx, parent, q, landedPageSize, token)
		if err != nil {
			return nil, false, err
		}
		for _, c := range resp.Cases {
			if c.DisplayName == in.DisplayName && strings.Contains(c.Description, mark) &&
				sentBy(c.Creator, filer, g.actor) && notBefore(c.CreateTime, since) &&
				(found == nil || parseTime(c.CreateTime).Before(parseTime(found.CreateTime))) {
				found = c
			}
		}
		if token = resp.NextPageToken; token == "" {
			return found, found != nil, nil
		}
	}
}

// findComment looks for the comment one addComment wrote: the newest with
// the same body, by the Conn's actor, created since just before since.
// The case's comments are read in full (Google lists them oldest first).
//
// Google: cloudsupport.cases.comments.list
func (g *cloudSupport) findComment(ctx context.Context, id, body string, since time.Time) (*cloudsupport.Comment, bool, error) {
	const call = "cloudsupport.cases.comments.list"
	var found *cloudsupport.Comment
	token := ""
	for page := 0; ; page++ {
		if page == landedMaxPages {
			return nil, false, tooMany(call, "the case's comment list")
		}
		c := g.svc.Cases.Comments.List(id).PageSize(landedPageSize).Context(ctx)
		if token != "" {
			c = c.PageToken(token)
		}
		resp, err := c.Do()
		if err != nil {
			return nil, false, errs.Call(call, err)
		}
		for _, cm := range resp.Comments {
			if sameText(body, cm.Body) && sentBy(cm.Creator, g.actor) && notBefore(cm.CreateTime, since) {
				found = cm
			}
		}
		if token = resp.NextPageToken; token == "" {
			return found, found != nil, nil
		}
	}
}

// findAttachment looks for the attachment one addAttachment uploaded: the
// newest with the same file name and size, by the Conn's actor, created
// since just before since.
//
// Google: cloudsupport.cases.attachments.list
func (g *cloudSupport) findAttachment(ctx context.Context, id string, a NewAttachment, since time.Time) (*cloudsupport.Attachment, bool, error) {
	const call = "cloudsupport.cases.attachments.list"
	var found *cloudsupport.Attachment
	token := ""
	for page := 0; ; page++ {
		if page == landedMaxPages {
			return nil, false, tooMany(call, "the case's attachment list")
		}
		c := g.svc.Cases.Attachments.List(id).PageSize(landedPageSize).Context(ctx)
		if token != "" {
			c = c.PageToken(token)
		}
		resp, err := c.Do()
		if err != nil {
			return nil, false, errs.Call(call, err)
		}
		for _, at := range resp.Attachments {
			if at.Filename == a.Name && at.SizeBytes == int64(len(a.Content)) &&
				sentBy(at.Creator, g.actor) && notBefore(at.CreateTime, since) {
				found = at
			}
		}
		if token = resp.NextPageToken; token == "" {
			return found, found != nil, nil
		}
	}
}
