package licensing_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/resellerkit/resellerkit"
	"github.com/resellerkit/resellerkit/licensing"
)

func TestCatalogL3(t *testing.T) {
	t.Parallel()
	// Rule L3: the named products and SKUs carry the IDs of Google's
	// "Products and SKUs" page.
	tests := []struct {
		sku     licensing.SKUID
		product licensing.ProductID
		id      string
		name    string
	}{
		{licensing.SKUCloudIdentityFree, licensing.ProductCloudIdentityFree, "1010010001", "Cloud Identity Free"},
		{licensing.SKUCloudIdentityPremium, licensing.ProductCloudIdentityPremium, "1010050001", "Cloud Identity Premium"},
		{licensing.SKUBusinessStarter, licensing.ProductGoogleWorkspace, "1010020027", "Google Workspace Business Starter"},
		{licensing.SKUBusinessStandard, licensing.ProductGoogleWorkspace, "1010020028", "Google Workspace Business Standard"},
		{licensing.SKUBusinessPlus, licensing.ProductGoogleWorkspace, "1010020025", "Google Workspace Business Plus"},
		{licensing.SKUEnterpriseStarter, licensing.ProductGoogleWorkspace, "1010020029", "Google Workspace Enterprise Starter"},
		{licensing.SKUEnterpriseStandard, licensing.ProductGoogleWorkspace, "1010020026", "Google Workspace Enterprise Standard"},
		{licensing.SKUEnterprisePlus, licensing.ProductGoogleWorkspace, "1010020020", "Google Workspace Enterprise Plus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := licensing.LookupSKU(tt.sku)
			want := licensing.SKU{Product: tt.product, ID: licensing.SKUID(tt.id), Name: tt.name}
			if !ok {
				t.Fatalf("LookupSKU(%q) not found", tt.sku)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("LookupSKU mismatch (-want +got):\n%s", diff)
			}
			if tt.sku.Name() != tt.name || !got.Known() {
				t.Errorf("Name() = %q, Known() = %v", tt.sku.Name(), got.Known())
			}
		})
	}
	if string(licensing.ProductCloudIdentityFree) != "101001" || string(licensing.ProductGoogleWorkspace) != "Google-Apps" {
		t.Errorf("product IDs changed")
	}
	t.Run("unknown SKU usable by ID", func(t *testing.T) {
		t.Parallel()
		u := licensing.SKUID("1010020099")
		if _, ok := licensing.LookupSKU(u); ok {
			t.Fatal("1010020099 should be unknown")
		}
		if u.Name() != "1010020099" {
			t.Errorf("Name() of an unknown SKU = %q, want its ID", u.Name())
		}
		if (licensing.SKU{Product: licensing.ProductGoogleWorkspace, ID: u}).Known() {
			t.Error("Known() of an unknown SKU is true")
		}
	})
	t.Run("catalogue is a copy and consistent", func(t *testing.T) {
		t.Parallel()
		c := licensing.Catalog()
		seen := map[licensing.SKUID]bool{}
		for _, s := range c {
			if seen[s.ID] {
				t.Errorf("SKU %s listed twice", s.ID)
			}
			seen[s.ID] = true
			if s.Name == "" || s.Product == "" {
				t.Errorf("incomplete catalogue entry %+v", s)
			}
		}
		c[0].Name = "changed"
		if licensing.Catalog()[0].Name == "changed" {
			t.Error("Catalog() shares its backing array")
		}
		if n := len(licensing.SKUsOf(licensing.ProductCloudIdentityFree)); n != 1 {
			t.Errorf("SKUsOf(Cloud Identity Free) has %d SKUs, want 1", n)
		}
		if !licensing.ProductCloudIdentityPremium.IsCloudIdentity() || licensing.ProductGoogleWorkspace.IsCloudIdentity() {
			t.Error("IsCloudIdentity wrong")
		}
	})
}

func TestParseSKU(t *testing.T) {
	t.Parallel()
	ci := licensing.SKU{Product: licensing.ProductCloudIdentityFree, ID: licensing.SKUCloudIdentityFree, Name: "Cloud Identity Free"}
	tests := []struct {
		in      string
		want    licensing.SKU
		wantErr bool
	}{
		{in: "Cloud Identity Free", want: ci},
		{in: "  cloud-identity_FREE ", want: ci},
		{in: "1010010001", want: ci},
		{in: "101001/1010010001", want: ci},
		{in: "Google-Apps/1010020099", want: licensing.SKU{Product: licensing.ProductGoogleWorkspace, ID: "1010020099"}},              // L3
		{in: "101001/1010020027", want: licensing.SKU{Product: licensing.ProductCloudIdentityFree, ID: licensing.SKUBusinessStarter}}, // wrong product: no name
		{in: "", wantErr: true},
		{in: "   ", wantErr: true},
		{in: "1010020099", wantErr: true}, // unknown without its product
		{in: "Google-Apps/", wantErr: true},
		{in: "/1010010001", wantErr: true},
		{in: "a/b/c", wantErr: true},
		{in: "Google Apps/1010020027", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := licensing.ParseSKU(tt.in)
			if tt.wantErr {
				var fe *resellerkit.FieldError
				if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument || !errors.As(err, &fe) {
					t.Fatalf("ParseSKU(%q) = %+v, %v; want an invalid-argument FieldError", tt.in, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseSKU(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSKU(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// FuzzParseSKU: ParseSKU never panics, accepts only what it can give back,
// and a parsed SKU reads back from its String form.
func FuzzParseSKU(f *testing.F) {
	for _, s := range []string{"Cloud Identity Free", "1010010001", "Google-Apps/1010020099", "", "/", "a/b/c", "\x00/1", "Ｇoogle/１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := licensing.ParseSKU(s)
		if err != nil {
			if resellerkit.KindOf(err) != resellerkit.KindInvalidArgument {
				t.Fatalf("ParseSKU(%q) error of kind %v", s, resellerkit.KindOf(err))
			}
			return
		}
		if got.Product == "" || got.ID == "" || strings.ContainsAny(string(got.Product)+string(got.ID), "/ \t\n") {
			t.Fatalf("ParseSKU(%q) = %+v: incomplete or unsafe", s, got)
		}
		back, err := licensing.ParseSKU(got.String())
		if err != nil {
			t.Fatalf("ParseSKU(%q) = %+v, whose String %q does not parse: %v", s, got, got.String(), err)
		}
		if diff := cmp.Diff(got, back); diff != "" {
			t.Fatalf("round trip of %q mismatch (-want +got):\n%s", s, diff)
		}
	})
}
