package dev.jakartamcp.cluster.grid;

import dev.jakartamcp.protocol.McpSettings;

import com.hazelcast.cache.HazelcastCacheManager;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.MessageListener;
import dev.jakartamcp.cluster.ClusterMessage;
import dev.jakartamcp.cluster.Grid;
import dev.jakartamcp.cluster.GridContext;
import dev.jakartamcp.cluster.GridReach;
import dev.jakartamcp.limits.RateCounter;
import dev.jakartamcp.session.SessionStore;
import dev.jakartamcp.tasks.TaskStore;
import dev.jakartamcp.transport.StreamCounts;
import dev.jakartamcp.transport.StreamLog;

import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The data grid through JCache (values: JSON text and numbers, never application classes, so nodes of different
 * versions can read each other) and, for messages between nodes and cluster membership, the Hazelcast instance behind
 * it: Payara's own (JNDI {@code payara/CacheManager}), or, elsewhere (Open Liberty), the one the JCache provider on
 * the class path starts as a member.
 * <p>
 * No field or method signature names {@link HazelcastInstance}: Payara parses, as it deploys the WAR, every type the
 * archive's fields and signatures name, and every type those name in turn, from the server's libraries — the
 * instance's interface alone pulled in 653 of Hazelcast's classes, 0.4-0.6 s of a start in a wall-clock profile, even
 * with the cluster off. Method bodies are not parsed, so the instance is only a local variable.
 */
public final class JCacheGrid implements Grid {
    static final String PAYARA_CACHE_MANAGER = "payara/CacheManager";
    private static final Logger LOG = Logger.getLogger(JCacheGrid.class.getName());
    private static final String TOPIC = "mcp-cluster";
    /** The rate cache's expiry after a write, for entries written without one of their own. */
    static final Duration RATES_EXPIRY = Duration.ofDays(1);

    private final Cluster cluster;
    private final Caches caches;
    private final GridSessionStore sessions;
    private final GridStreamLog streamLog;
    private final GridStreamCounts streamCounts;
    private final GridTaskStore tasks;
    private final GridCache rates;
    private final GridCache secrets;
    private final ITopic<String> topic;
    private final UUID listener;
    private final MessageListener<String> received;
    /** The messages sent to this node alone ({@link #send}): the topic of its id now ({@link #follow}). */
    private ITopic<String> direct;
    private UUID directListener;
    private volatile String directMember;
    private final UUID membershipListener;
    /** This node's id in the grid (tests change it as the grid does when the node rejoins after a split). */
    java.util.function.Supplier<String> ownId;
    private final Function<String, ITopic<String>> topics;
    /** The grid's distributed objects (Hazelcast's type is named only in method bodies: see above). */
    private final java.util.function.Supplier<java.util.Collection<?>> objects;
    private boolean closed;
    private final java.util.function.Supplier<Duration> gridTimeout;
    private final SessionExpiries sessionExpiries;
    /** The thread where grid work that an event of the grid asks for runs ({@link #offEventThread}). */
    private final java.util.concurrent.Executor gridEvents;
    /** The grid's partition of a key ({@code com.hazelcast.partition.Partition}; typed as Object: see above). */
    private final Function<Object, Object> partitionOf;
    /** A small cache only read by {@link #reach}: its entries are never written. */
    private final GridCache probes;
    /** The readiness probe's reads, at most one pending per member. */
    private final GridProbe probe = new GridProbe();

    public JCacheGrid(GridContext context) {
        this(context, cacheManager());
    }

    /** A grid on {@code manager} (tests start their own members). */
    JCacheGrid(GridContext context, CacheManager manager) {
        HazelcastInstance hazelcast = manager instanceof HazelcastCacheManager hz ? hz.getHazelcastInstance()
                : manager.unwrap(HazelcastCacheManager.class).getHazelcastInstance();
        this.cluster = hazelcast.getCluster();
        this.ownId = () -> cluster.getLocalMember().getUuid().toString();
        this.gridEvents = context.gridEvents();
        this.gridTimeout = context.settings()::clusterGridTimeout;
        this.caches = new Caches(manager, gridTimeout, context.counting());
        Duration maxAge = context.settings().sessionMaxAge();
        GridCache sessionCache = caches.get("mcp-sessions", context.settings().sessionTimeout());
        this.sessions = new GridSessionStore(context, sessionCache, caches.get("mcp-session-owners", maxAge),
                caches.get("mcp-session-ends", Duration.ofMinutes(10)), this);
        // the number of streams is bounded by the rate of streamed requests, not by a limit of the WAR's
        int streamLogMax = context.settings().clusterStreamLogMaxEvents();
        Duration streamLogTtl = context.settings().clusterStreamLogTtl();
        this.streamLog = new GridStreamLog(caches.get("mcp-stream-meta", streamLogTtl, streamLogMax),
                caches.get("mcp-stream-events", streamLogTtl, streamLogMax), this, streamLogTtl, context.settings().executionTimeout());
        this.streamCounts = new GridStreamCounts(caches.get("mcp-stream-counts", Duration.ofDays(1)), this, context.counting());
        // the one cache of both rate limiters ("requests" and "items", RateLimits): room for as many keys as both
        // have on one server, though shared, and the least recently used dropped beyond (one server drops idle ones)
        this.rates = caches.get("mcp-rates", RATES_EXPIRY, (int) Math.min(Integer.MAX_VALUE, 2L * context.settings().rateLimitMaxCallers()));
        this.secrets = caches.get("mcp-secrets", Duration.ofDays(36500));
        // a task's own expiresAt ends it; the caches' expiry only clears what no node dropped
        Duration taskExpiry = McpSettings.MAX_TASK_TTL;
        this.tasks = new GridTaskStore(caches.get("mcp-tasks", taskExpiry), caches.get("mcp-task-owners", taskExpiry),
                caches.get("mcp-task-runners", taskExpiry), this, context.counting());
        this.received = (Message<String> m) -> {
            ClusterMessage message;
            try {
                message = ClusterMessage.fromJson(m.getMessageObject());
            } catch (IllegalArgumentException | jakarta.json.JsonException | ClassCastException | NullPointerException e) {
                // a message of a newer version's kind (a rolling upgrade): nothing here to do with it
                LOG.log(java.util.logging.Level.FINE, "A cluster message of a kind this version does not know was left", e);
                return;
            }
            if (message.type() == ClusterMessage.Type.TASK_CHANGED) {
                offEventThread(() -> tasks.changed(message.requestId()), "a task's change");
            } else {
                context.onMessage().accept(message);
            }
        };
        this.partitionOf = hazelcast.getPartitionService()::getPartition;
        this.probes = caches.get("mcp-probes", Duration.ofMinutes(1));
        LOG.info("Data grid caches: " + caches.bounds());
        this.topics = hazelcast::getTopic;
        this.objects = hazelcast::getDistributedObjects;
        this.topic = hazelcast.getTopic(TOPIC);
        this.listener = topic.addMessageListener(received);
        follow(ownId.get());
        this.membershipListener = cluster.addMembershipListener(new MembershipAdapter() {
            @Override
            public void memberRemoved(MembershipEvent event) {
                destroyDirectTopic(event.getMember().getUuid().toString());
            }
        });
        // last: an expiry may arrive at once, and its end is published on the topic
        this.sessionExpiries = SessionExpiries.listen(sessionCache.cache(),
                (id, last) -> offEventThread(() -> sessions.expired(id, last), "an expired session's end"));
    }

    /**
     * Runs {@code work}, which calls the grid (each call waited for up to {@code mcp.cluster.grid-timeout}), on this
     * node's thread for the grid's events, not on the grid's event thread that delivered it: those few threads also
     * deliver every cluster message (answers to questions, cancellations, ended sessions), which a frozen member would
     * hold up. Nor on the counting thread, whose counts admit sessions, tasks and streams. At most
     * {@code Cluster.MAX_WAITING_GRID_EVENTS} wait; one more is left to the other nodes, which hear every expiry, and
     * to the tasks' periodic reread.
     */
    private void offEventThread(Runnable work, String what) {
        try {
            gridEvents.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.log(java.util.logging.Level.WARNING, what + " could not be handled", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the application stops, or too many wait (a mass expiry, a frozen member): the other nodes hear it too
            LOG.log(java.util.logging.Level.FINE, what + " was left to the other nodes: this one stops or has too many waiting", e);
        }
    }

    @Override
    public GridReach reach(Duration timeout) {
        java.util.Map<Object, String> keys;
        try {
            keys = probeKeys();
            if (keys.isEmpty()) {
                // no partition has an owner now (assignment or migration under way): nobody answered
                return new GridReach(Math.max(1, cluster.getMembers().size()), 0);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the data grid's partition table could not be read", e);
            return new GridReach(Math.max(1, cluster.getMembers().size()), 0);
        }
        // the grid's type only inside the lambda's body: a captured ICache would be in its synthetic method's signature
        GridReach reach = probe.reach(keys, this::probeRead, timeout);
        if (!reach.all()) {
            LOG.log(Level.FINE, "the data grid answered a read of " + reach.answered() + " of " + reach.members()
                    + " members within " + timeout);
        }
        return reach;
    }

    private java.util.concurrent.CompletableFuture<?> probeRead(String key) {
        return probes.cache().unwrap(com.hazelcast.cache.ICache.class).getAsync(key).toCompletableFuture();
    }

    /** A key of each member's partitions now, by member (members whose partitions are migrating may be left out this time). */
    private java.util.Map<Object, String> probeKeys() {
        int members = cluster.getMembers().size();
        java.util.Map<Object, String> keys = new java.util.HashMap<>();
        for (int i = 0; i < 4096 && keys.size() < members; i++) {
            String key = "probe-" + i;
            Member owner = ((com.hazelcast.partition.Partition) partitionOf.apply(key)).getOwner();
            if (owner != null) {
                keys.putIfAbsent(owner.getUuid(), key);
            }
        }
        return keys;
    }

    /** The system property that makes Hazelcast's JCache provider start a member ({@code member}) or a client. */
    static final String PROVIDER_TYPE = "hazelcast.jcache.provider.type";

    private static CacheManager cacheManager() {
        return cacheManager(() -> new InitialContext().lookup(PAYARA_CACHE_MANAGER), System.getProperty(PROVIDER_TYPE),
                Caching::getCachingProvider);
    }

    /** The JNDI lookup of Payara's cache manager. */
    interface Lookup {
        Object lookup() throws NamingException;
    }

    /**
     * Payara's cache manager, else (Open Liberty: Hazelcast on a shared library) the class path's JCache provider, but
     * only when {@code providerType} makes it start a member: Hazelcast's default is a client, which waits for a
     * cluster to connect to for ever, and the deployment would hang instead of failing (Payara Micro started with
     * {@code --nohazelcast}, or its cache manager bound under another JNDI name).
     */
    static CacheManager cacheManager(Lookup payara, String providerType, java.util.function.Supplier<javax.cache.spi.CachingProvider> classPath) {
        try {
            return (CacheManager) payara.lookup();
        } catch (NamingException | ClassCastException e) {
            javax.cache.spi.CachingProvider provider = classPath.get();
            if (startsClient(provider, providerType)) {
                throw new IllegalStateException("no data grid: Payara's cache manager is not at " + PAYARA_CACHE_MANAGER + " (" + e
                        + "), and the JCache provider on the class path (" + provider.getClass().getName() + ") would start a"
                        + " Hazelcast client, not a member (" + PROVIDER_TYPE + " is "
                        + (providerType == null ? "not set" : "'" + providerType + "'") + ")", e);
            }
            LOG.log(Level.FINE, "no Payara cache manager; using the JCache provider on the class path", e);
            return provider.getCacheManager();
        }
    }

    /**
     * Whether {@code provider} would start a Hazelcast client: the client's own, or Hazelcast's default one unless
     * {@code providerType} makes it a member ({@code member}, {@code server}). A member's own provider, chosen with
     * {@code javax.cache.spi.CachingProvider}, starts a member whatever the type says.
     */
    static boolean startsClient(javax.cache.spi.CachingProvider provider, String providerType) {
        String name = provider.getClass().getName();
        if (name.startsWith("com.hazelcast.client.")) {
            return true;
        }
        return name.equals("com.hazelcast.cache.HazelcastCachingProvider") && !"member".equals(providerType) && !"server".equals(providerType);
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public RateCounter rateCounter(String name) {
        return new GridRateCounter(rates, name);
    }

    @Override
    public Optional<byte[]> secret(String name) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        secrets.putIfAbsent(name, Base64.getEncoder().encodeToString(random));
        return Optional.ofNullable(secrets.get(name)).map(Base64.getDecoder()::decode);
    }

    @Override
    public StreamLog streamLog() {
        return streamLog;
    }

    @Override
    public StreamCounts streamCounts() {
        return streamCounts;
    }

    @Override
    public TaskStore tasks() {
        return tasks;
    }

    @Override
    public void publish(ClusterMessage message) {
        topic.publish(message.toJson());
    }

    /**
     * On the topic of {@code member} alone (a topic's messages go to the members listening to it). A member that is
     * not in the cluster gets nothing: no topic is made for a name a client put into an id.
     */
    @Override
    public void send(String member, ClusterMessage message) {
        if (members().contains(member)) {
            topics.apply(directTopic(member)).publish(message.toJson());
        }
    }

    /**
     * The topic of a member that left the cluster: nobody listens to it any more, and a member's id is new at every
     * start of its server, so no node ever sends to it again. The oldest member destroys it, if it exists (a topic
     * looked up is made again, so the others do not look). A redeployment on a running member keeps the member and
     * its topic.
     */
    private void destroyDirectTopic(String member) {
        try {
            String name = directTopic(member);
            boolean oldest = cluster.getMembers().iterator().next().equals(cluster.getLocalMember());
            if (oldest && objects.get().stream().anyMatch(o -> ((com.hazelcast.core.DistributedObject) o).getName().equals(name))) {
                topics.apply(name).destroy();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the topic of a member that left is gone already, or the grid is stopping", e);
        }
    }

    /**
     * Listens on the topic of {@code member}, this node's id now, and no longer on that of an earlier id: ids of
     * questions asked from now on name the new id ({@code SessionRelay.node()}); answers to those asked under the old
     * one go nowhere, as the other nodes no longer see it as a member. Best effort: when the grid refuses (it is
     * still merging), the next call tries again; after {@link #close} nothing is registered any more.
     */
    private synchronized void follow(String member) {
        if (closed || member.equals(directMember)) {
            return;
        }
        ITopic<String> topic;
        UUID listener;
        try {
            topic = topics.apply(directTopic(member));
            listener = topic.addMessageListener(received);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not listen on the topic of this node's new id in the grid yet; trying again at its next use", e);
            return;
        }
        if (direct != null) {
            try {
                direct.removeMessageListener(directListener);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "the topic of this node's earlier id is gone already", e);
            }
        }
        direct = topic;
        directListener = listener;
        directMember = member;
    }

    private static String directTopic(String member) {
        return TOPIC + "@" + member;
    }

    @Override
    public String localMember() {
        // a member that rejoins its cluster after a split gets a new id from the grid: before the new id is handed out
        // (named in a question, or as the owner of something), this node listens under it
        String member = ownId.get();
        if (!member.equals(directMember)) {
            follow(member);
        }
        return member;
    }

    /** The members in the cluster now. */
    Set<String> members() {
        return cluster.getMembers().stream().map(Member::getUuid).map(UUID::toString).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        streamCounts.withdraw();
        ITopic<String> own;
        synchronized (this) {
            closed = true;
            own = direct;
        }
        // each deregistration asks every member and waits for all of them without a bound of its own (Hazelcast): with
        // one frozen, a stop (a redeploy, the end of a drain) waited as long; a listener left behind for an application
        // that is gone is dropped with its member, or harmlessly calls into nothing
        boolean done = within(gridTimeout.get(), "mcp-grid-close", List.of(
                sessionExpiries::close,
                () -> topic.removeMessageListener(listener),
                () -> {
                    if (own != null) {
                        own.removeMessageListener(directListener);
                    }
                },
                () -> cluster.removeMembershipListener(membershipListener)));
        if (!done) {
            LOG.warning("The data grid did not take this application's listeners off within " + gridTimeout.get()
                    + " (a member does not answer): the application stops without waiting for it");
        }
    }

    /**
     * Runs {@code steps} one after the other on a thread of their own, each failure logged and the next run all the same,
     * waiting for them at most {@code bound}; whether they all ended within it.
     */
    static boolean within(Duration bound, String threadName, List<Runnable> steps) {
        Thread thread = new Thread(() -> steps.forEach(JCacheGrid::quietly), threadName);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(Math.max(1, bound.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /** One step of {@link #close}: a failed one (the grid is gone already) does not keep the others from running. */
    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the grid is gone already", e);
        }
    }
}
