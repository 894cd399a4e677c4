// Package bulk is the engine under the services' Ensure… methods: [Run]
// applies one operation to many items with bounded concurrency and a result
// per item, and [Await] waits, with a bounded poll, until a write is
// visible (rule W5). The shapes a caller sees, [resellerkit.BulkOptions],
// [resellerkit.Progress] and [resellerkit.AwaitPolicy], are public in the
// root package; the engine is not, because only this module's services
// drive it. The rules are in docs/rules.md of the module
// (https://github.com/resellerkit/resellerkit/blob/main/docs/rules.md#w5).
package bulk
