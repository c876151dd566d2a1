/** Benchmarks of Tern's hot paths and load harnesses against named peers; run by ./tern bench. */
package io.tern.bench;
