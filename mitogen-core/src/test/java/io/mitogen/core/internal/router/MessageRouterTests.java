package io.mitogen.core.internal.router;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.mitogen.core.internal.constants.Handles;
import io.mitogen.core.internal.router.MessageRouter.Policy;
import io.mitogen.core.internal.wire.Frames;
import io.mitogen.core.internal.wire.Message;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MessageRouter} on its own: no child JVM, no thread. Its streams are never started, so
 * what the router sends on one is written at once by the sending (test) thread, into a buffer
 * this test reads back frame by frame; a message "arrives" by calling
 * {@link MessageRouter#onMessage} as a stream's reader would.
 */
class MessageRouterTests {

    /** A handle no well-known one uses. */
    private static final int H = Handles.FIRST_DYNAMIC + 500;

    /** The handle answers go to. */
    private static final int REPLY = Handles.FIRST_DYNAMIC + 501;

    /** The master's view: context 0, children 1 and 2 on streams of their own, 5 below 1. */
    @Nested
    class InTheMaster {

        final MessageRouter router = new MessageRouter(0, new int[0], null);

        final Peer one = new Peer("child-1");

        final Peer two = new Peer("child-2");

        final List<Message> handled = new CopyOnWriteArrayList<>();

        InTheMaster() {
            this.router.addRoute(1, this.one.stream);
            this.router.addRoute(2, this.two.stream);
            this.router.addRoute(5, this.one.stream);
            this.router.addHandler(H, (message, in) -> this.handled.add(message), Policy.ANY);
        }

        @Test
        void aMessageFromAChildThatSpeaksForItselfIsHandled() throws IOException {
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H, 0, bytes("hi")));
            assertThat(this.handled).singleElement().satisfies((m) -> {
                assertThat(m.srcId).isEqualTo(1);
                assertThat(m.payload).isEqualTo(bytes("hi"));
            });
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aMessageFromBelowAChildIsHandledWhenItsSourceIsInThatChildsSubtree() throws IOException {
            // Context 5 was started by 1: 1 relays it with 5's own id as authority, or its own.
            this.router.onMessage(this.one.stream, new Message(0, 5, 5, H, 0, null));
            this.router.onMessage(this.one.stream, new Message(0, 5, 1, H, 0, null));
            assertThat(this.handled).extracting((m) -> m.srcId).containsExactly(5, 5);
        }

        @Test
        void aChildCannotSpeakWithTheAuthorityOfASibling() throws IOException {
            this.router.onMessage(this.one.stream, new Message(0, 2, 2, H, REPLY, bytes("forged")));
            assertThat(this.handled).isEmpty();
            assertThat(this.one.frames()).as("dropped without an answer that would confirm anything").isEmpty();
            assertThat(this.two.frames()).isEmpty();
        }

        @Test
        void aChildCannotSpeakWithTheAuthorityOfTheMaster() throws IOException {
            this.router.onMessage(this.one.stream, new Message(0, 0, 0, H, REPLY, null));
            this.router.onMessage(this.one.stream, new Message(0, 1, 0, H, REPLY, null));
            assertThat(this.handled).isEmpty();
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aChildCannotClaimASiblingAsTheSourceOfItsOwnMessage() throws IOException {
            this.router.onMessage(this.one.stream, new Message(0, 2, 1, H, REPLY, null));
            assertThat(this.handled).isEmpty();
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aMessageWithTheAuthorityOfAnUnknownContextIsDropped() throws IOException {
            this.router.onMessage(this.one.stream, new Message(0, 77, 77, H, REPLY, null));
            this.router.onMessage(this.one.stream, new Message(0, 1, 77, H, REPLY, null));
            assertThat(this.handled).isEmpty();
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aStreamThatIsNoRouteToAnythingIsNeverBelieved() throws IOException {
            Peer stranger = new Peer("stranger");
            this.router.onMessage(stranger.stream, new Message(0, 1, 1, H, REPLY, null));
            assertThat(this.handled).isEmpty();
            assertThat(stranger.frames()).isEmpty();
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aMessageForASiblingIsRelayedUnchangedOnTheSiblingsStream() throws IOException {
            this.router.onMessage(this.one.stream, new Message(2, 5, 1, H, REPLY, bytes("to two")));
            assertThat(this.handled).isEmpty();
            assertThat(this.two.frames()).singleElement().satisfies((m) -> {
                assertThat(m.dstId).isEqualTo(2);
                assertThat(m.srcId).isEqualTo(5);
                assertThat(m.authId).isEqualTo(1);
                assertThat(m.handle).isEqualTo(H);
                assertThat(m.replyTo).isEqualTo(REPLY);
                assertThat(m.payload).isEqualTo(bytes("to two"));
            });
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aForgedMessageForASiblingIsNotRelayed() throws IOException {
            this.router.onMessage(this.one.stream, new Message(2, 2, 2, H, 0, null));
            assertThat(this.two.frames()).isEmpty();
        }

        @Test
        void aMessageForAnUnknownContextIsAnsweredAsHavingNoRoute() throws IOException {
            this.router.onMessage(this.one.stream, new Message(42, 1, 1, H, REPLY, null));
            Message dead = single(this.one.frames());
            assertThat(dead.isDead()).isTrue();
            assertThat(dead.dstId).isEqualTo(1);
            assertThat(dead.srcId).isEqualTo(0);
            assertThat(dead.authId).isEqualTo(0);
            assertThat(dead.handle).isEqualTo(REPLY);
            assertThat(dead.deadKind()).isEqualTo(Message.DEAD_NO_ROUTE);
            assertThat(dead.deadReason()).isEqualTo("no route to context 42");
            assertThat(this.two.frames()).isEmpty();
        }

        @Test
        void aMessageForAnUnknownContextThatWantsNoAnswerIsDroppedQuietly() throws IOException {
            this.router.onMessage(this.one.stream, new Message(42, 1, 1, H, 0, null));
            this.router.onMessage(this.one.stream, new Message(42, 1, 1, H, Handles.IS_DEAD, null));
            assertThat(this.one.frames()).isEmpty();
            assertThat(this.two.frames()).isEmpty();
        }

        @Test
        void aLocalSendToAnUnknownContextAnswersTheLocalSender() throws IOException {
            this.router.addHandler(REPLY, (message, in) -> this.handled.add(message), Policy.ANY);
            this.router.send(new Message(42, 0, 0, H, REPLY, null));
            Message dead = single(this.handled);
            assertThat(dead.isDead()).isTrue();
            assertThat(dead.handle).isEqualTo(REPLY);
            assertThat(dead.deadKind()).isEqualTo(Message.DEAD_NO_ROUTE);
        }

        @Test
        void aMessageForAHandleNobodyRegisteredIsAnsweredAsHavingNoHandler() throws IOException {
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H + 100, REPLY, null));
            Message dead = single(this.one.frames());
            assertThat(dead.isDead()).isTrue();
            assertThat(dead.handle).isEqualTo(REPLY);
            assertThat(dead.deadKind()).isEqualTo(Message.DEAD_NO_HANDLER);
            assertThat(dead.deadReason()).contains("has no handle " + (H + 100));
        }

        @Test
        void aDeadMessageForAMissingHandleIsNotAnsweredAgain() throws IOException {
            // Else two contexts that both closed a handle would answer each other for ever.
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H + 100, Handles.IS_DEAD, bytes("x")));
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aRemovedHandlerGetsNothingMore() throws IOException {
            this.router.removeHandler(H);
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H, REPLY, null));
            assertThat(this.handled).isEmpty();
            assertThat(single(this.one.frames()).deadKind()).isEqualTo(Message.DEAD_NO_HANDLER);
        }

        @Test
        void freshHandlesAreDistinctAndAboveTheWellKnownOnes() {
            int first = this.router.addHandler((message, in) -> { }, Policy.ANY);
            int second = this.router.addHandler((message, in) -> { }, Policy.ANY);
            assertThat(first).isGreaterThanOrEqualTo(Handles.FIRST_DYNAMIC);
            assertThat(second).isNotEqualTo(first).isGreaterThanOrEqualTo(Handles.FIRST_DYNAMIC);
        }

        @Test
        void aHandlerThatThrowsDoesNotStopTheRouter() throws IOException {
            this.router.addHandler(H + 1, (message, in) -> {
                throw new IllegalStateException("boom");
            }, Policy.ANY);
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H + 1, REPLY, null));
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H, 0, null));
            assertThat(this.handled).hasSize(1);
        }

        @Test
        void parentAuthorityRefusesAChildAndSaysWhy() throws IOException {
            this.router.addHandler(H + 2, (message, in) -> this.handled.add(message), Policy.PARENT_AUTHORITY);
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H + 2, REPLY, null));
            assertThat(this.handled).isEmpty();
            Message dead = single(this.one.frames());
            assertThat(dead.deadKind()).isEqualTo(Message.DEAD_REFUSED);
            assertThat(dead.deadReason()).isEqualTo(
                    "context 0 refused a message from context 1: only its parent chain may do that");
        }

        @Test
        void parentAuthorityAcceptsTheContextItself() {
            this.router.addHandler(H + 2, (message, in) -> this.handled.add(message), Policy.PARENT_AUTHORITY);
            this.router.send(new Message(0, 0, 0, H + 2, 0, null));
            assertThat(this.handled).hasSize(1);
        }

        @Test
        void fromChildAcceptsAChildAndRefusesTheContextItself() throws IOException {
            this.router.addHandler(H + 3, (message, in) -> this.handled.add(message), Policy.FROM_CHILD);
            this.router.addHandler(REPLY, (message, in) -> this.handled.add(message), Policy.ANY);
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H + 3, 0, null));
            assertThat(single(this.handled).handle).isEqualTo(H + 3);
            this.handled.clear();
            this.router.send(new Message(0, 0, 0, H + 3, REPLY, null));
            Message dead = single(this.handled);
            assertThat(dead.handle).isEqualTo(REPLY);
            assertThat(dead.deadKind()).isEqualTo(Message.DEAD_REFUSED);
        }

        @Test
        void fromOneContextAcceptsOnlyThatSource() throws IOException {
            this.router.addHandler(H + 4, (message, in) -> this.handled.add(message), Policy.from(2));
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H + 4, REPLY, null));
            assertThat(this.handled).isEmpty();
            assertThat(single(this.one.frames()).deadReason()).endsWith("only context 2 may answer");
            this.router.onMessage(this.two.stream, new Message(0, 2, 2, H + 4, REPLY, null));
            assertThat(this.handled).hasSize(1);
        }

        @Test
        void aRouteAnnouncedByTheChildThatWasToStartItIsInstalledAndConfirmed() throws IOException {
            List<String> asked = new ArrayList<>();
            this.router.setRouteGuard((id, announcer) -> {
                asked.add(id + " by " + announcer);
                return id == 9 && announcer == 1;
            });
            this.router.onMessage(this.one.stream, addRoute(0, 1, 9, 1));
            assertThat(asked).containsExactly("9 by 1");
            assertThat(this.router.routeTo(9)).isSameAs(this.one.stream);
            Message confirmed = single(this.one.frames());
            assertThat(confirmed.handle).isEqualTo(Handles.ROUTE_ADDED);
            assertThat(confirmed.dstId).isEqualTo(1);
            assertThat(ints(confirmed)).containsExactly(9, 1);
        }

        @Test
        void aRouteTheGuardRefusesIsNotInstalledNorConfirmed() throws IOException {
            this.router.setRouteGuard((id, announcer) -> false);
            this.router.onMessage(this.one.stream, addRoute(0, 1, 9, 1));
            assertThat(this.router.routeTo(9)).isNull();
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void withoutAGuardTheMasterInstallsNoAnnouncedRoute() throws IOException {
            this.router.onMessage(this.one.stream, addRoute(0, 1, 9, 1));
            assertThat(this.router.routeTo(9)).isNull();
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aChildCannotAnnounceARouteInTheNameOfASibling() throws IOException {
            this.router.setRouteGuard((id, announcer) -> true);
            this.router.onMessage(this.one.stream, addRoute(0, 1, 9, 2));
            assertThat(this.router.routeTo(9)).isNull();
        }

        @Test
        void aChildCannotTakeOverTheRouteToASiblingOrToTheMaster() throws IOException {
            this.router.setRouteGuard((id, announcer) -> true);
            this.router.onMessage(this.one.stream, addRoute(0, 1, 2, 1));
            this.router.onMessage(this.one.stream, addRoute(0, 1, 0, 1));
            assertThat(this.router.routeTo(2)).isSameAs(this.two.stream);
            assertThat(this.router.routeTo(0)).isNull();
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aMalformedAnnouncementIsRefused() throws IOException {
            this.router.setRouteGuard((id, announcer) -> true);
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, Handles.ADD_ROUTE, 0, new byte[] { 0, 0, 0, 9 }));
            assertThat(this.router.routedIds()).containsExactly(1, 2, 5);
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void onlyAChildMayAnnounceARoute() {
            List<String> asked = new ArrayList<>();
            this.router.setRouteGuard((id, announcer) -> asked.add(id + " by " + announcer));
            this.router.send(addRoute(0, 0, 9, 0));
            assertThat(asked).isEmpty();
            assertThat(this.router.routeTo(9)).isNull();
        }

        @Test
        void aGoneStreamTakesItsWholeSubtreeAndTellsTheListeners() throws IOException {
            List<Integer> removed = new CopyOnWriteArrayList<>();
            this.router.addRouteListener(removed::add);
            this.router.onDisconnect(this.one.stream, null);
            assertThat(removed).containsExactlyInAnyOrder(1, 5);
            assertThat(this.router.routedIds()).containsExactly(2);
            this.router.onMessage(this.one.stream, new Message(0, 1, 1, H, REPLY, null));
            assertThat(this.handled).as("a gone child's late frames are not believed").isEmpty();
            this.router.send(new Message(5, 0, 0, H, 0, null));
            assertThat(this.one.frames()).isEmpty();
        }

        @Test
        void aChildMayDeleteARouteItOwnsButNotOneOfASibling() throws IOException {
            List<Integer> removed = new CopyOnWriteArrayList<>();
            this.router.addRouteListener(removed::add);
            this.router.onMessage(this.one.stream, delRoute(1, 2));
            assertThat(this.router.routeTo(2)).isSameAs(this.two.stream);
            this.router.onMessage(this.one.stream, delRoute(1, 5));
            assertThat(this.router.routeTo(5)).isNull();
            assertThat(removed).containsExactly(5);
        }

        @Test
        void theMastersOwnRoutesNeedNoConfirmation() {
            CompletableFuture<Void> added = this.router.addRoute(3, new Peer("child-3").stream);
            assertThat(added).isCompleted();
        }
    }

    /** Context 1's view: its parent is the master (0) on {@code up}; its child 3 on {@code down}. */
    @Nested
    class BelowTheMaster {

        final Peer up = new Peer("parent");

        final Peer down = new Peer("child-3");

        final MessageRouter router = new MessageRouter(1, new int[] { 0 }, this.up.stream);

        final List<Message> handled = new CopyOnWriteArrayList<>();

        final CompletableFuture<Void> threeAdded;

        BelowTheMaster() throws IOException {
            this.threeAdded = this.router.addRoute(3, this.down.stream);
            this.router.addHandler(H, (message, in) -> this.handled.add(message), Policy.ANY);
        }

        @Test
        void aNewChildsRouteIsAnnouncedAndCompletesOnlyWhenTheMasterConfirmsIt() throws IOException {
            Message announced = single(this.up.frames());
            assertThat(announced.dstId).isEqualTo(0);
            assertThat(announced.srcId).isEqualTo(1);
            assertThat(announced.handle).isEqualTo(Handles.ADD_ROUTE);
            assertThat(ints(announced)).containsExactly(3, 1);
            assertThat(this.threeAdded).isNotDone();
            this.router.onMessage(this.up.stream, new Message(1, 0, 0, Handles.ROUTE_ADDED, 0, intBytes(3, 1)));
            assertThat(this.threeAdded).isCompleted();
        }

        @Test
        void aConfirmationFromAChildIsRefused() throws IOException {
            this.router.onMessage(this.down.stream, new Message(1, 3, 3, Handles.ROUTE_ADDED, 0, intBytes(3, 1)));
            assertThat(this.threeAdded).isNotDone();
        }

        @Test
        void aChildThatIsGoneBeforeItsRouteIsConfirmedFailsTheAnnouncement() {
            this.router.onDisconnect(this.down.stream, null);
            assertThat(this.threeAdded).isCompletedExceptionally();
        }

        @Test
        void aGrandchildsRouteWaitsForTheMasterAndPassesTheConfirmationDown() throws IOException {
            this.up.frames();
            this.router.onMessage(this.up.stream, new Message(1, 0, 0, Handles.ROUTE_ADDED, 0, intBytes(3, 1)));
            // 3 started 4: passed up for the master's word, not installed yet.
            this.router.onMessage(this.down.stream, addRoute(1, 3, 4, 3));
            assertThat(this.router.routeTo(4)).isNull();
            Message passedUp = single(this.up.frames());
            assertThat(passedUp.handle).isEqualTo(Handles.ADD_ROUTE);
            assertThat(passedUp.srcId).as("sent by this context, in its own name").isEqualTo(1);
            assertThat(ints(passedUp)).containsExactly(4, 3);
            this.router.onMessage(this.up.stream, new Message(1, 0, 0, Handles.ROUTE_ADDED, 0, intBytes(4, 3)));
            assertThat(this.router.routeTo(4)).isSameAs(this.down.stream);
            Message passedDown = single(this.down.frames());
            assertThat(passedDown.handle).isEqualTo(Handles.ROUTE_ADDED);
            assertThat(passedDown.dstId).isEqualTo(3);
            assertThat(ints(passedDown)).containsExactly(4, 3);
        }

        @Test
        void aConfirmationNobodyAskedForInstallsNothing() throws IOException {
            this.router.onMessage(this.up.stream, new Message(1, 0, 0, Handles.ROUTE_ADDED, 0, intBytes(8, 3)));
            assertThat(this.router.routeTo(8)).isNull();
            assertThat(this.down.frames()).isEmpty();
        }

        @Test
        void aMessageFromTheParentIsBelievedWhateverItsSource() throws IOException {
            // The parent vouches for what it relays: the master, or a sibling it routes to.
            this.router.onMessage(this.up.stream, new Message(1, 0, 0, H, 0, null));
            this.router.onMessage(this.up.stream, new Message(1, 2, 2, H, 0, null));
            assertThat(this.handled).extracting((m) -> m.srcId).containsExactly(0, 2);
        }

        @Test
        void parentAuthorityAcceptsTheParentChainOnly() throws IOException {
            this.router.addHandler(H + 2, (message, in) -> this.handled.add(message), Policy.PARENT_AUTHORITY);
            this.router.onMessage(this.up.stream, new Message(1, 0, 0, H + 2, 0, null));
            assertThat(this.handled).hasSize(1);
            this.up.frames();
            this.router.onMessage(this.up.stream, new Message(1, 2, 2, H + 2, REPLY, null));
            assertThat(this.handled).hasSize(1);
            assertThat(single(this.up.frames()).deadKind()).isEqualTo(Message.DEAD_REFUSED);
        }

        @Test
        void fromChildRefusesTheParent() throws IOException {
            this.router.addHandler(H + 3, (message, in) -> this.handled.add(message), Policy.FROM_CHILD);
            this.up.frames();
            this.router.onMessage(this.up.stream, new Message(1, 0, 0, H + 3, REPLY, null));
            assertThat(this.handled).isEmpty();
            assertThat(single(this.up.frames()).deadKind()).isEqualTo(Message.DEAD_REFUSED);
        }

        @Test
        void aMessageForAContextItDoesNotRouteToGoesUp() throws IOException {
            this.up.frames();
            this.router.send(new Message(2, 1, 1, H, REPLY, bytes("to a sibling")));
            Message up = single(this.up.frames());
            assertThat(up.dstId).isEqualTo(2);
            assertThat(up.payload).isEqualTo(bytes("to a sibling"));
        }

        @Test
        void aMessageFromTheParentForAContextNotBelowIsNotSentBack() throws IOException {
            this.up.frames();
            this.router.onMessage(this.up.stream, new Message(2, 0, 0, H, REPLY, null));
            Message dead = single(this.up.frames());
            assertThat(dead.isDead()).isTrue();
            assertThat(dead.dstId).isEqualTo(0);
            assertThat(dead.deadKind()).isEqualTo(Message.DEAD_NO_ROUTE);
        }

        @Test
        void aMessageFromTheParentForAChildGoesDown() throws IOException {
            this.router.onMessage(this.up.stream, new Message(3, 0, 0, H, 0, bytes("down")));
            assertThat(single(this.down.frames()).payload).isEqualTo(bytes("down"));
        }

        @Test
        void aGoneChildIsReportedUp() throws IOException {
            this.up.frames();
            this.router.onDisconnect(this.down.stream, null);
            Message deleted = single(this.up.frames());
            assertThat(deleted.handle).isEqualTo(Handles.DEL_ROUTE);
            assertThat(deleted.dstId).isEqualTo(0);
            assertThat(ints(deleted)).containsExactly(3);
        }

        @Test
        void isAncestorKnowsOnlyTheParentChain() {
            assertThat(this.router.isAncestor(0)).isTrue();
            assertThat(this.router.isAncestor(1)).isFalse();
            assertThat(this.router.isAncestor(3)).isFalse();
        }

        @Test
        void aDetachedContextAnswersForWhatItCannotReach() throws IOException {
            this.up.frames();
            this.router.parentGone();
            assertThat(this.router.parentStream()).isNull();
            this.router.onMessage(this.down.stream, new Message(0, 3, 3, H, REPLY, null));
            Message dead = single(this.down.frames());
            assertThat(dead.deadKind()).isEqualTo(Message.DEAD_NO_ROUTE);
            assertThat(this.up.frames()).isEmpty();
        }

        @Test
        void aDetachedContextWithoutAGuardRefusesAnnouncedRoutes() throws IOException {
            this.router.parentGone();
            this.router.onMessage(this.down.stream, addRoute(1, 3, 4, 3));
            assertThat(this.router.routeTo(4)).isNull();
        }
    }

    /**
     * One end of a stream the router writes to: a {@link Stream} that is never started (so the
     * router's sends are written by the calling thread) over a buffer.
     */
    static final class Peer {

        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        final Stream stream;

        Peer(String name) {
            this.stream = new Stream(name, InputStream.nullInputStream(), this.written, 1 << 20);
        }

        /** The frames written since the last call. */
        List<Message> frames() throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(this.written.toByteArray()));
            this.written.reset();
            List<Message> frames = new ArrayList<>();
            byte[] header = new byte[Frames.HEADER_SIZE];
            Message message;
            while ((message = Frames.read(in, header, 1 << 20)) != null) {
                frames.add(message);
            }
            return frames;
        }
    }

    static Message single(List<Message> messages) {
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    /** Context {@code from} tells its parent {@code to} that {@code announcer} started {@code id}. */
    static Message addRoute(int to, int from, int id, int announcer) {
        return new Message(to, from, from, Handles.ADD_ROUTE, 0, intBytes(id, announcer));
    }

    static Message delRoute(int from, int id) {
        return new Message(0, from, from, Handles.DEL_ROUTE, 0, intBytes(id));
    }

    static byte[] intBytes(int... values) {
        byte[] bytes = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            Frames.putInt(bytes, i * 4, values[i]);
        }
        return bytes;
    }

    static int[] ints(Message message) {
        int[] values = new int[message.payload.length / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = Frames.getInt(message.payload, i * 4);
        }
        return values;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
