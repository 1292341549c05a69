/**
 * Internal: the runtime behind {@link io.mitogen.core.Router}. Nothing under this package is API:
 * it may change in any release without notice, and it is left out of the Javadoc. Applications use
 * {@code io.mitogen.core} only.
 *
 * <p>Each sub-package is in one of three groups, and {@code CoreBundle} decides by package what a
 * child receives: <em>in the bundle</em> (sent whole to every child: {@code wire}, {@code router},
 * {@code classloading}, {@code logging}, {@code bootstrap}, {@code connection}); <em>on demand</em>
 * (named in the bundle, fetched on first use: {@code transport}, {@code files}, {@code master}, and
 * {@code constants}, which nothing loads); and
 * <em>not in the bundle</em> (the first stage on the command line, and the bridges defined beside a
 * library: {@code firststage}, {@code logging.slf4j}, {@code transport.ssh}, {@code fakessh}).
 * {@code CoreBundleTests} fails if a class is in a package of no group.
 */
package io.mitogen.core.internal;
