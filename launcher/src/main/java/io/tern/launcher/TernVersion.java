package io.tern.launcher;

import picocli.CommandLine.IVersionProvider;

/** Version from the launcher jar's manifest (set by the build), or "development". */
public final class TernVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = TernVersion.class.getPackage().getImplementationVersion();
    return new String[] {"tern " + (version == null ? "development" : version)};
  }
}
