package io.mitogen.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.mitogen.core.internal.logging.Log;
import io.mitogen.core.testing.IdentityTasks;
import io.mitogen.core.testing.Peers;
import io.mitogen.core.testing.Tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * sudo and su for real, with the testbed's users (run as root): {@code mitotest} may sudo
 * without a password, {@code mitopw} must give {@value Peers#MITOPW_PASSWORD} every time,
 * {@code mitotty} has {@code requiretty}. Skipped, with the reason, where they are missing.
 */
class PrivilegeMethodsTests {

    static Broker broker;

    static Router router;

    /** A context running as mitopw (started by root's sudo, which asks nothing). */
    static Context asMitopw;

    @BeforeAll
    static void start() {
        Peers.assumeTestbedUsers();
        broker = new Broker();
        router = new Router(broker);
        asMitopw = router.sudo(SudoOptions.builder().username("mitopw").build());
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void sudoRunsTheChildAsTheUser() {
        Context app = router.sudo(SudoOptions.builder().username("mitotest").build());
        assertThat(app.call(IdentityTasks::user)).isEqualTo("mitotest");
        assertThat(app.call(Tasks::add, 20, 22)).isEqualTo(42);
        assertThat(app.name()).startsWith("sudo.");
        app.shutdown();
        assertThat(app.isConnected()).isFalse();
    }

    @Test
    void sudoDefaultsToRoot() {
        Context root = router.sudo(SudoOptions.builder().build());
        assertThat(root.call(IdentityTasks::user)).isEqualTo("root");
        root.shutdown();
    }

    @Test
    void sudoViaALocalChild() {
        Context local = router.local();
        Context app = router.sudo(SudoOptions.builder().username("mitotest").via(local).build());
        assertThat(app.call(IdentityTasks::user)).isEqualTo("mitotest");
        assertThat(app.call(Tasks::parentPid)).as("sudo was run by the local child")
                .isNotEqualTo(ProcessHandle.current().pid());
        local.shutdown();
        assertThat(app.isConnected()).as("its subtree goes with it").isFalse();
    }

    @Test
    void sudoAnswersThePasswordPrompt() {
        Context pw = router.sudo(SudoOptions.builder().username("mitotest").password(Peers.MITOPW_PASSWORD)
                .via(asMitopw).build());
        assertThat(pw.call(IdentityTasks::user)).isEqualTo("mitotest");
        pw.shutdown();
    }

    @Test
    void wrongSudoPasswordIsRefusedWithinFiveSeconds() {
        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> router.sudo(SudoOptions.builder().username("mitotest")
                .password("not-the-password").via(asMitopw).build()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("sudo -u mitotest on " + Peers.hostname())
                .hasMessageContaining("Sorry, try again.")
                .hasMessageContaining("check the password given with the options' password(...)")
                .hasMessageNotContaining("not-the-password");
        assertThat(took).as("one attempt, PAM's delay included, no retries").isLessThan(Duration.ofSeconds(5));
        assertThat(asMitopw.call(Tasks::add, 1, 1)).as("the via context lives on").isEqualTo(2);
    }

    @Test
    void missingSudoPasswordIsPasswordRequired() {
        assertThatThrownBy(() -> router.sudo(SudoOptions.builder().username("mitotest").via(asMitopw).build()))
                .isInstanceOf(PasswordRequiredException.class)
                .hasMessageContaining("sudo -u mitotest on " + Peers.hostname())
                .hasMessageContaining("sudo: a password is required")
                .hasMessageContaining("password(...)");
    }

    @Test
    void requirettySaysHowToFixIt() {
        Context tty = router.sudo(SudoOptions.builder().username("mitotty").build());
        assertThatThrownBy(() -> router.sudo(SudoOptions.builder().via(tty).build()))
                .isInstanceOf(TtyRequiredException.class)
                .hasMessageContaining("sudo -u root on " + Peers.hostname())
                .hasMessageContaining("sorry, you must have a tty to run sudo")
                .hasMessageContaining("Defaults:mitotty !requiretty");
        tty.shutdown();
    }

    @Test
    void unknownUserQuotesSudo() {
        assertThatThrownBy(() -> router.sudo(SudoOptions.builder().username("nosuchmitogenuser").build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("sudo -u nosuchmitogenuser")
                .hasMessageContaining(" on " + Peers.hostname() + " failed to start")
                .hasMessageContaining("unknown user")
                .hasMessageContaining("its stderr below says why");
    }

    @Test
    void missingSudoBinaryIsClear() {
        assertThatThrownBy(() -> router.sudo(SudoOptions.builder().sudoPath("/nonexistent/sudo").build()))
                .isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("/nonexistent/sudo")
                .hasMessageContaining(" on " + Peers.hostname() + " could not be started")
                .hasMessageContaining("No such file")
                .hasMessageContaining("install that program there, or give its full path in the options");
    }

    @Test
    void loginAndSetHomeGiveTheUsersHome() {
        Context login = router.sudo(SudoOptions.builder().username("mitotest").login(true).build());
        assertThat(login.call(IdentityTasks::home)).isEqualTo("/home/mitotest");
        assertThat(login.call(IdentityTasks::cwd)).isEqualTo("/home/mitotest");
        Context home = router.sudo(SudoOptions.builder().username("mitotest").sudoArgs("-H", "-S", "-n").build());
        assertThat(home.call(IdentityTasks::home)).isEqualTo("/home/mitotest");
        login.shutdown();
        home.shutdown();
    }

    @Test
    void suFromRootAsksNothing() {
        Context su = router.su(SuOptions.builder().username("mitopw").password(Peers.MITOPW_PASSWORD).build());
        assertThat(su.call(IdentityTasks::user)).isEqualTo("mitopw");
        assertThat(su.name()).startsWith("su.");
        su.shutdown();
    }

    @Test
    void suAnswersThePasswordPromptOnStdin() {
        Context mitotest = router.sudo(SudoOptions.builder().username("mitotest").build());
        Context su = router.su(SuOptions.builder().username("mitopw").password(Peers.MITOPW_PASSWORD).via(mitotest)
                .build());
        assertThat(su.call(IdentityTasks::user)).isEqualTo("mitopw");
        byte[] megabyte = new byte[1024 * 1024];
        new java.util.Random(5).nextBytes(megabyte);
        assertThat(su.call(Tasks::echo, megabyte)).as("the channel is intact after the password").isEqualTo(megabyte);
        Context login = router.su(SuOptions.builder().username("mitopw").login(true).password(Peers.MITOPW_PASSWORD)
                .via(mitotest).build());
        assertThat(login.call(IdentityTasks::cwd)).isEqualTo("/home/mitopw");
        mitotest.shutdown();
    }

    @Test
    void wrongSuPasswordIsRefusedWithinFiveSeconds() {
        Context mitotest = router.sudo(SudoOptions.builder().username("mitotest").build());
        long start = System.nanoTime();
        Throwable failure = catchThrowable(() -> router.su(SuOptions.builder().username("mitopw")
                .password("not-the-password").via(mitotest).build()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("su mitopw")
                .hasMessageContaining("su: Authentication failure")
                .hasMessageNotContaining("not-the-password");
        assertThat(took).as("PAM's delay (~2 s) included").isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> router.su(SuOptions.builder().username("mitopw").via(mitotest).build()))
                .isInstanceOf(PasswordRequiredException.class)
                .hasMessageContaining("Password:");
        mitotest.shutdown();
    }

    /** The chain: root, sudo to mitopw, sudo with a password to mitotest, su with a password to mitopw. */
    @Test
    void threeHopsDeep() {
        Context mitotest = router.sudo(SudoOptions.builder().username("mitotest").password(Peers.MITOPW_PASSWORD)
                .via(asMitopw).build());
        Context back = router.su(SuOptions.builder().username("mitopw").password(Peers.MITOPW_PASSWORD)
                .via(mitotest).build());
        assertThat(back.call(IdentityTasks::user)).isEqualTo("mitopw");
        assertThat(back.call(Tasks::add, 2, 3)).isEqualTo(5);
        mitotest.shutdown();
        assertThat(back.isConnected()).isFalse();
    }

    /** The password is in no record (all levels, frames logged, children's records forwarded) and no message. */
    @Test
    void passwordNeverAppearsInLogsOrExceptions() {
        String secret = Peers.MITOPW_PASSWORD;
        String wrong = "wrong-" + secret;
        // Every logger mitogen writes to, at TRACE, into a list only (not the console).
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger("io.mitogen"),
                (Logger) LoggerFactory.getLogger("mitogen"), (Logger) LoggerFactory.getLogger("mitogen.ctx"));
        List<Level> levels = new ArrayList<>();
        List<Boolean> additive = new ArrayList<>();
        ListAppender<ILoggingEvent> records = new ListAppender<>();
        records.start();
        for (Logger logger : loggers) {
            levels.add(logger.getLevel());
            additive.add(logger.isAdditive());
            logger.addAppender(records);
            logger.setAdditive(false);
            logger.setLevel(Level.TRACE);
        }
        Log.setIoEnabled(true);
        List<String> texts = new ArrayList<>();
        try {
            router.refreshLogLevels();
            SudoOptions options = SudoOptions.builder().username("mitotest").password(secret).via(asMitopw).build();
            texts.add(options.toString());
            Context pw = router.sudo(options);
            texts.add(pw.toString());
            Throwable refused = catchThrowable(() -> router.sudo(SudoOptions.builder().username("mitotest")
                    .password(wrong).via(asMitopw).build()));
            assertThat(refused).isInstanceOf(AuthenticationFailedException.class);
            collect(refused, texts);
            Context su = router.su(SuOptions.builder().username("mitopw").password(secret).via(pw).build());
            texts.add(su.toString());
            collect(catchThrowable(() -> router.su(SuOptions.builder().username("mitopw").password(wrong).via(pw)
                    .build())), texts);
            assertThat(su.call(IdentityTasks::user)).isEqualTo("mitopw");
            pw.shutdown();
        }
        finally {
            Log.setIoEnabled(false);
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).detachAppender(records);
                loggers.get(i).setAdditive(additive.get(i));
                loggers.get(i).setLevel(levels.get(i));
            }
            router.refreshLogLevels();
        }
        for (ILoggingEvent event : records.list) {
            texts.add(event.getFormattedMessage());
            texts.add(String.valueOf(event.getMDCPropertyMap()));
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                texts.add(thrown.getMessage());
            }
        }
        assertThat(records.list).as("logging was on").hasSizeGreaterThan(20);
        assertThat(String.join("\n", texts)).doesNotContain(secret).contains("******");
    }

    private static void collect(Throwable thrown, List<String> texts) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            texts.add(t.toString());
            for (Throwable suppressed : t.getSuppressed()) {
                texts.add(suppressed.toString());
            }
        }
    }
}
