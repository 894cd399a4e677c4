package licensing

import (
	"slices"
	"strings"
)

// ProductID is a Licensing API product identifier ("101001", "Google-Apps").
// Any string is usable: the named constants below are the products this
// package knows by name, not the only ones Google has (rule L3).
type ProductID string

// SKUID is a Licensing API SKU identifier ("1010010001"). As with
// [ProductID], an SKU missing from the table is still usable by its ID
// (rule L3); only its display name is then unknown.
type SKUID string

// Rule L3: products by name. Source: Google's "Products and SKUs" page of the
// Enterprise License Manager API
// (developers.google.com/workspace/admin/licensing/v1/how-tos/products), as
// collected in GAM's wiki/Licenses.md and gamlib/glskus.py.
const (
	ProductCloudIdentityFree    ProductID = "101001"      // Cloud Identity Free
	ProductCloudIdentityPremium ProductID = "101005"      // Cloud Identity Premium
	ProductGoogleWorkspace      ProductID = "Google-Apps" // every Google Workspace edition, legacy G Suite included
	ProductArchivedUser         ProductID = "101034"      // Google Workspace Archived User
)

// Rule L3: SKUs by name, with the same source as the products. The product of
// each SKU is in [Catalog].
const (
	SKUCloudIdentityFree    SKUID = "1010010001"
	SKUCloudIdentityPremium SKUID = "1010050001"

	SKUBusinessStarter  SKUID = "1010020027"
	SKUBusinessStandard SKUID = "1010020028"
	SKUBusinessPlus     SKUID = "1010020025"

	SKUEnterpriseStarter  SKUID = "1010020029"
	SKUEnterpriseStandard SKUID = "1010020026"
	SKUEnterprisePlus     SKUID = "1010020020" // formerly G Suite Enterprise

	SKUEssentials               SKUID = "1010060001"
	SKUEnterpriseEssentials     SKUID = "1010060003"
	SKUEnterpriseEssentialsPlus SKUID = "1010060005"

	SKUFrontlineStarter  SKUID = "1010020030"
	SKUFrontlineStandard SKUID = "1010020031"
	SKUFrontlinePlus     SKUID = "1010020034"

	SKUBusinessContinuity     SKUID = "1010020035"
	SKUBusinessContinuityPlus SKUID = "1010020036"

	SKUGSuiteBasic    SKUID = "Google-Apps-For-Business" // legacy
	SKUGSuiteBusiness SKUID = "Google-Apps-Unlimited"    // legacy
	SKUGSuiteLite     SKUID = "Google-Apps-Lite"         // legacy

	SKUEnterprisePlusArchived SKUID = "1010340001"
)

// SKU is one licensable SKU: its product, its ID and its display name.
type SKU struct {
	Product ProductID
	ID      SKUID
	Name    string // "" for an SKU this package does not know
}

// String renders the SKU as "product/sku", the form [ParseSKU] reads back.
func (s SKU) String() string { return string(s.Product) + "/" + string(s.ID) }

// Known reports whether the SKU is in [Catalog].
func (s SKU) Known() bool {
	k, ok := LookupSKU(s.ID)
	return ok && k.Product == s.Product
}

// Catalog lists the SKUs this package knows by name (rule L3), grouped by
// product. It is a copy: changing it changes nothing here.
func Catalog() []SKU { return slices.Clone(catalog) }

var catalog = []SKU{
	{ProductCloudIdentityFree, SKUCloudIdentityFree, "Cloud Identity Free"},
	{ProductCloudIdentityPremium, SKUCloudIdentityPremium, "Cloud Identity Premium"},

	{ProductGoogleWorkspace, SKUBusinessStarter, "Google Workspace Business Starter"},
	{ProductGoogleWorkspace, SKUBusinessStandard, "Google Workspace Business Standard"},
	{ProductGoogleWorkspace, SKUBusinessPlus, "Google Workspace Business Plus"},
	{ProductGoogleWorkspace, SKUEnterpriseStarter, "Google Workspace Enterprise Starter"},
	{ProductGoogleWorkspace, SKUEnterpriseStandard, "Google Workspace Enterprise Standard"},
	{ProductGoogleWorkspace, SKUEnterprisePlus, "Google Workspace Enterprise Plus"},
	{ProductGoogleWorkspace, SKUEssentials, "Google Workspace Essentials"},
	{ProductGoogleWorkspace, SKUEnterpriseEssentials, "Google Workspace Enterprise Essentials"},
	{ProductGoogleWorkspace, SKUEnterpriseEssentialsPlus, "Google Workspace Enterprise Essentials Plus"},
	{ProductGoogleWorkspace, SKUFrontlineStarter, "Google Workspace Frontline Starter"},
	{ProductGoogleWorkspace, SKUFrontlineStandard, "Google Workspace Frontline Standard"},
	{ProductGoogleWorkspace, SKUFrontlinePlus, "Google Workspace Frontline Plus"},
	{ProductGoogleWorkspace, SKUBusinessContinuity, "Google Workspace Business Continuity"},
	{ProductGoogleWorkspace, SKUBusinessContinuityPlus, "Google Workspace Business Continuity Plus"},
	{ProductGoogleWorkspace, SKUGSuiteBasic, "G Suite Basic"},
	{ProductGoogleWorkspace, SKUGSuiteBusiness, "G Suite Business"},
	{ProductGoogleWorkspace, SKUGSuiteLite, "G Suite Lite"},

	{ProductArchivedUser, SKUEnterprisePlusArchived, "Google Workspace Enterprise Plus - Archived User"},
}

var (
	skuByID   = map[SKUID]SKU{}
	skuByName = map[string]SKU{}
)

func init() {
	for _, s := range catalog {
		skuByID[s.ID] = s
		skuByName[foldName(s.Name)] = s
	}
}

// LookupSKU returns the named SKU with this ID, if this package knows it.
func LookupSKU(id SKUID) (SKU, bool) {
	s, ok := skuByID[id]
	return s, ok
}

// Name returns the SKU's display name, or the ID itself for an SKU this
// package does not know, so a report always has something to show.
func (id SKUID) Name() string {
	if s, ok := skuByID[id]; ok {
		return s.Name
	}
	return string(id)
}

// SKUsOf returns the known SKUs of a product, in catalogue order.
func SKUsOf(p ProductID) []SKU {
	var out []SKU
	for _, s := range catalog {
		if s.Product == p {
			out = append(out, s)
		}
	}
	return out
}

// IsCloudIdentity reports whether p is a Cloud Identity product (Free or
// Premium): the licenses that, next to a Google Workspace one, are the
// double-licensing symptom of rule S2.
func (p ProductID) IsCloudIdentity() bool {
	return p == ProductCloudIdentityFree || p == ProductCloudIdentityPremium
}

// ParseSKU reads an SKU written by a person or a config file, in one of
// three forms:
//
//   - a display name from [Catalog], in any case ("cloud identity free");
//   - a known SKU ID ("1010010001");
//   - "product/sku" ("Google-Apps/1010020099"), which also accepts SKUs this
//     package does not know (rule L3).
//
// Surrounding spaces are ignored. Anything else is a [KindInvalidArgument]
// error that says which forms are accepted.
//
// [KindInvalidArgument]: github.com/resellerkit/resellerkit.KindInvalidArgument
func ParseSKU(s string) (SKU, error) {
	const op = "licensing.ParseSKU"
	t := strings.TrimSpace(s)
	if t == "" {
		return SKU{}, invalidSKU(op, "is empty; give a name such as \"Cloud Identity Free\", an SKU ID such as \"1010010001\", or \"product/sku\"")
	}
	if k, ok := skuByName[foldName(t)]; ok {
		return k, nil
	}
	if k, ok := skuByID[SKUID(t)]; ok {
		return k, nil
	}
	prod, sku, found := strings.Cut(t, "/")
	if !found {
		return SKU{}, invalidSKU(op, "is neither a known SKU name nor a known SKU ID; write an unknown SKU as \"product/sku\", e.g. \"Google-Apps/1010020099\"")
	}
	prod, sku = strings.TrimSpace(prod), strings.TrimSpace(sku)
	if err := checkID(op, "SKU (product part)", prod); err != nil {
		return SKU{}, err
	}
	if err := checkID(op, "SKU (SKU part)", sku); err != nil {
		return SKU{}, err
	}
	out := SKU{Product: ProductID(prod), ID: SKUID(sku)}
	if k, ok := skuByID[out.ID]; ok && k.Product == out.Product {
		out.Name = k.Name
	}
	return out, nil
}

// foldName makes display names comparable: case-folded, runs of spaces,
// hyphens and underscores collapsed to one space.
func foldName(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	})
	return strings.Join(f, " ")
}
