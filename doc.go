// Package resellerkit is the root of an SDK for the Google Workspace reseller
// access model: who on a reseller's team may use Google's support portal, for
// which customers, and how to set that up and keep it so.
package resellerkit
