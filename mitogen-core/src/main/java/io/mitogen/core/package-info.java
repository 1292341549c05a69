/**
 * The API of mitogen-java: {@link io.mitogen.core.Broker} and {@link io.mitogen.core.Router} to
 * start contexts, {@link io.mitogen.core.Context} to call them, {@link io.mitogen.core.Receiver},
 * {@link io.mitogen.core.Sender}, {@link io.mitogen.core.Channel} and {@link io.mitogen.core.Select}
 * for answers and streams, the options of each connection method, file transfer and the
 * exceptions. Everything under {@code io.mitogen.core.internal} is the runtime behind them and
 * carries no compatibility promise.
 */
package io.mitogen.core;
