package access

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/resellerkit/resellerkit/domains"
)

// CSVColumns are the columns of [Coverage.WriteCSV], one row per person and
// reseller domain. The names and their order are stable: scripts may rely
// on them. Lists inside a cell are separated by ";".
var CSVColumns = []string{
	"person_id", "person_name", "domain", "reseller_account", "required",
	"account", "account_state", "license", "allowed", "gap", "paths", "missing", "hidden_customers",
}

// HiddenCSVColumns are the columns of [Coverage.WriteHiddenCSV], one row per
// customer a person cannot see because of a gap. Stable, like [CSVColumns].
var HiddenCSVColumns = []string{
	"person_id", "domain", "gap", "account", "customer_id", "customer_domain", "access_granted",
}

// WriteCSV writes the coverage as CSV with the header [CSVColumns]: one row
// per person and reseller domain, in the order of People and Domains.
func (c *Coverage) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVColumns); err != nil {
		return err
	}
	row := make([]string, len(CSVColumns))
	for _, p := range c.People {
		for d, cell := range p.Cells {
			dom := c.Domains[d]
			row[0], row[1], row[2], row[3] = p.ID, p.Name, dom.Name, dom.ResellerAccount
			row[4] = strconv.FormatBool(cell.Required)
			row[5] = cell.Account
			row[6] = ""
			if cell.Account != "" {
				row[6] = cell.State.String()
			}
			row[7] = cell.License.String()
			row[8] = strconv.FormatBool(cell.Allowed)
			row[9] = cell.Gap.String()
			row[10] = joinNames(cell.Paths.List())
			row[11] = joinNames(cell.Missing.List())
			row[12] = strconv.Itoa(cell.Hidden)
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteHiddenCSV writes, with the header [HiddenCSVColumns], every customer
// each person cannot see because of a gap (D2): for each required cell with
// a gap, the customers of its domain (D1), with whether each granted the
// reseller access (D5).
func (c *Coverage) WriteHiddenCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(HiddenCSVColumns); err != nil {
		return err
	}
	row := make([]string, len(HiddenCSVColumns))
	for pi, p := range c.People {
		for d, cell := range p.Cells {
			for _, cu := range c.HiddenCustomers(pi, d) {
				row[0], row[1], row[2], row[3] = p.ID, c.Domains[d].Name, cell.Gap.String(), cell.Account
				row[4], row[5], row[6] = cu.ID, cu.Domain, strconv.FormatBool(cu.AccessGranted)
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func joinNames[T interface{ String() string }](xs []T) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(x.String())
	}
	return b.String()
}

// The JSON form of a coverage report; field names are stable.
type (
	coverageJSON struct {
		ReadAt    *time.Time     `json:"readAt,omitempty"`
		Profile   Profile        `json:"profile"`
		Freshness string         `json:"freshness"`
		Domains   []domainJSON   `json:"domains"`
		People    []personJSON   `json:"people"`
		Summary   coverageTotals `json:"summary"`
	}
	coverageTotals struct {
		People          int `json:"people"`
		Domains         int `json:"domains"`
		Gaps            int `json:"gaps"`
		PeopleWithGaps  int `json:"peopleWithGaps"`
		HiddenCustomers int `json:"hiddenCustomers"`
	}
	domainJSON struct {
		Domain          string         `json:"domain"`
		ResellerAccount string         `json:"resellerAccount"`
		Primary         bool           `json:"primary"`
		Verified        bool           `json:"verified"`
		Covered         int            `json:"covered"`
		Customers       []customerJSON `json:"customers"`
	}
	customerJSON struct {
		ID            string `json:"id"`
		Domain        string `json:"domain"`
		AccessGranted bool   `json:"accessGranted"`
		Plan          string `json:"plan,omitempty"`
	}
	personJSON struct {
		ID              string     `json:"id"`
		Name            string     `json:"name,omitempty"`
		Gaps            int        `json:"gaps"`
		HiddenCustomers int        `json:"hiddenCustomers"`
		Extra           []string   `json:"extraAccounts,omitempty"`
		Cells           []cellJSON `json:"cells"`
	}
	cellJSON struct {
		Domain          string        `json:"domain"`
		Required        bool          `json:"required"`
		Account         string        `json:"account,omitempty"`
		State           *AccountState `json:"state,omitempty"`
		License         LicenseStatus `json:"license"`
		Allowed         bool          `json:"allowed"`
		Gap             Gap           `json:"gap"`
		HiddenCustomers int           `json:"hiddenCustomers"`
		Decision        *Decision     `json:"decision,omitempty"`
	}
)

// WriteJSON writes the coverage as one JSON document: the read time and
// the 24-hour caveat (P8), the domains with their customers (D1, D5), and
// for each person a cell per domain with the account, its license, its full
// decision (reasons or missing requirements) and the number of customers
// the gap hides; the hidden customers are those listed under the cell's
// domain. Field names are stable.
func (c *Coverage) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if err := json.NewEncoder(bw).Encode(c.jsonForm()); err != nil {
		return err
	}
	return bw.Flush()
}

// MarshalJSON renders the coverage as [Coverage.WriteJSON] does.
func (c *Coverage) MarshalJSON() ([]byte, error) { return json.Marshal(c.jsonForm()) }

func (c *Coverage) jsonForm() coverageJSON {
	out := coverageJSON{
		Profile:   c.Profile,
		Freshness: "as read at the time above; role and privilege changes can take up to 24 hours to apply at Google (P8)",
		Domains:   make([]domainJSON, len(c.Domains)),
		People:    make([]personJSON, len(c.People)),
	}
	if !c.ReadAt.IsZero() {
		t := c.ReadAt.UTC()
		out.ReadAt = &t
	}
	for i, d := range c.Domains {
		out.Domains[i] = domainJSON{Domain: d.Name, ResellerAccount: d.ResellerAccount, Primary: d.Primary, Verified: d.Verified,
			Covered: d.Covered, Customers: customersJSON(c.Customers(i))}
	}
	out.Summary = coverageTotals{People: len(c.People), Domains: len(c.Domains)}
	for pi, p := range c.People {
		pj := personJSON{ID: p.ID, Name: p.Name, Gaps: p.Gaps, HiddenCustomers: p.Hidden, Extra: p.Extra, Cells: make([]cellJSON, len(p.Cells))}
		for d, cell := range p.Cells {
			cj := cellJSON{Domain: c.Domains[d].Name, Required: cell.Required, Account: cell.Account, License: cell.License,
				Allowed: cell.Allowed, Gap: cell.Gap, HiddenCustomers: cell.Hidden}
			if dec, ok := c.Decision(pi, d); ok {
				st := cell.State
				cj.State, cj.Decision = &st, &dec
			}
			pj.Cells[d] = cj
		}
		out.People[pi] = pj
		out.Summary.Gaps += p.Gaps
		out.Summary.HiddenCustomers += p.Hidden
		if p.Gaps > 0 {
			out.Summary.PeopleWithGaps++
		}
	}
	return out
}

func customersJSON(cs []domains.Customer) []customerJSON {
	out := make([]customerJSON, len(cs))
	for i, c := range cs {
		out[i] = customerJSON{ID: c.ID, Domain: c.Domain, AccessGranted: c.AccessGranted}
		if c.Plan != domains.PlanUnknown {
			out[i].Plan = string(c.Plan)
		}
	}
	return out
}
