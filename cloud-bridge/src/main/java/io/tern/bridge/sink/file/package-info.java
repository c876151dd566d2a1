/** NDJSON file sink: exactly-once through a position file committed after the data. */
package io.tern.bridge.sink.file;
