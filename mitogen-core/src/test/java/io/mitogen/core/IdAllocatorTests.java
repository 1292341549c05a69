package io.mitogen.core;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The master's half of the route guard ({@link IdAllocator#claim}), without a child: a route
 * to a new context is allowed only to the context its id was handed to, or one below it, and
 * only once. {@code MessageRouterTests} covers the router's half (what it does with the answer).
 */
class IdAllocatorTests {

    static Broker broker;

    static Router master;

    IdAllocator ids = new IdAllocator(master);

    @BeforeAll
    static void start() {
        broker = Broker.builder().shutdownHook(false).build();
        master = new Router(broker);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @BeforeEach
    void theMastersFirstChild() {
        // Context 1, as in a real tree: the master starts it itself, so it needs no claim.
        assertThat(this.ids.allocate(0)).isEqualTo(1);
    }

    @Test
    void anIdHandedToAContextMayBeClaimedByItOnce() {
        List<Integer> block = this.ids.handOutBlock(1);
        int first = block.get(0);
        assertThat(block.get(1)).isEqualTo(IdAllocator.BLOCK);
        assertThat(this.ids.claim(first, 1)).isTrue();
        assertThat(this.ids.claim(first, 1)).as("used up").isFalse();
        assertThat(this.ids.claim(first + IdAllocator.BLOCK - 1, 1)).as("the block's last id").isTrue();
        assertThat(this.ids.claim(first + IdAllocator.BLOCK, 1)).as("past the block").isFalse();
    }

    @Test
    void aSiblingCannotClaimAnIdHandedToAnother() {
        int first = this.ids.handOutBlock(1).get(0);
        assertThat(this.ids.claim(first, 2)).isFalse();
        assertThat(this.ids.claim(first, 1)).as("still the owner's").isTrue();
    }

    @Test
    void aContextBelowTheOwnerMayClaimItsIdsButNotTheOtherWayRound() {
        int fromOne = this.ids.handOutBlock(1).get(0);
        // 1 started fromOne: confirmed, so fromOne is below 1.
        assertThat(this.ids.claim(fromOne, 1)).isTrue();
        int forOne = this.ids.handOutBlock(1).get(0);
        assertThat(this.ids.claim(forOne, fromOne)).as("a grandchild starting with its parent's id").isTrue();
        int forGrandchild = this.ids.handOutBlock(fromOne).get(0);
        assertThat(this.ids.claim(forGrandchild, 1)).as("a parent taking its child's id").isFalse();
        assertThat(this.ids.claim(forGrandchild, 0)).isFalse();
    }

    @Test
    void idsTheMasterUsesItselfAreNeverClaimable() {
        int own = this.ids.allocate(0);
        assertThat(this.ids.claim(own, 1)).isFalse();
        assertThat(this.ids.claim(own, 0)).isFalse();
        assertThat(this.ids.allocate(0)).isNotEqualTo(own);
    }

    @Test
    void anIdAllocatedForAnotherStarterIsThatStartersToClaim() {
        int id = this.ids.allocate(3);
        assertThat(this.ids.claim(id, 4)).isFalse();
        assertThat(this.ids.claim(id, 3)).isTrue();
    }

    @Test
    void aGoneContextsUnusedIdsGoWithIt() {
        int first = this.ids.handOutBlock(5).get(0);
        this.ids.forget(5);
        assertThat(this.ids.claim(first, 5)).isFalse();
    }

    @Test
    void grantedIdsAreClaimableByTheirOwner() {
        this.ids.grant(900, 6);
        assertThat(this.ids.claim(900, 7)).isFalse();
        assertThat(this.ids.claim(900, 6)).isTrue();
    }

    @Test
    void idsReservedForAnAttachedSubtreeAreNotHandedOutAgain() {
        this.ids.reserveBelow(5000);
        assertThat(this.ids.allocate(0)).isGreaterThanOrEqualTo(5000);
        assertThat(this.ids.handOutBlock(1).get(0)).isGreaterThanOrEqualTo(5000);
    }

    @Test
    void aChildAskingForBlocksInALoopIsRefusedAndNamed() {
        assertThatThrownBy(() -> {
            for (int i = 0; i < (1 << 16) / IdAllocator.BLOCK + 1; i++) {
                this.ids.handOutBlock(8);
            }
        }).isInstanceOf(MitogenException.class).hasMessageStartingWith("context 8 asked for more context ids")
                .hasMessageContaining("at most 65536");
    }
}
