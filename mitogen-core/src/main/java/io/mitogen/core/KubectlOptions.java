package io.mitogen.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Options for {@link Router#kubectl(KubectlOptions)}: a child JVM in a Kubernetes pod, entered
 * with {@code kubectl exec} on this machine or on {@code via}'s.
 *
 * <pre>{@code
 * Context pod = router.kubectl(KubectlOptions.builder().pod("web-0").container("app").namespace("shop").build());
 * }</pre>
 *
 * <p>The command is {@code kubectl [ARGS] exec -i [--namespace=NS] [--container=C] POD -- /bin/sh
 * -c BOOT}, where {@code ARGS} are the extra arguments (e.g. {@code --context=prod},
 * {@code --kubeconfig=/etc/kube/config}). Only {@code -i} is asked for: a terminal ({@code -t})
 * would mangle the binary channel.
 */
public final class KubectlOptions extends ContainerOptions {

    private final String pod;

    private final String container;

    private final String namespace;

    private final String kubectlPath;

    private final List<String> kubectlArgs;

    private KubectlOptions(Builder builder) {
        super(builder);
        this.pod = MethodWire.required("pod", builder.pod);
        this.container = checkSafe("container", builder.container);
        this.namespace = checkSafe("namespace", builder.namespace);
        this.kubectlPath = MethodWire.required("kubectlPath", builder.kubectlPath);
        for (String arg : builder.kubectlArgs) {
            MethodWire.required("kubectlArgs", arg);
        }
        this.kubectlArgs = Collections.unmodifiableList(new ArrayList<>(builder.kubectlArgs));
    }

    /** A builder with every option at its default; set the pod. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String method() {
        return "kubectl";
    }

    /** The pod to enter. */
    public String pod() {
        return this.pod;
    }

    /** The container in the pod, or {@code null} for the pod's default. */
    public String container() {
        return this.container;
    }

    /** The namespace, or {@code null} for the context's. */
    public String namespace() {
        return this.namespace;
    }

    /** The {@code kubectl} to run (default {@code kubectl}, found on the PATH). */
    public String kubectlPath() {
        return this.kubectlPath;
    }

    /** Extra arguments placed before {@code exec}. */
    public List<String> kubectlArgs() {
        return this.kubectlArgs;
    }

    @Override
    Map<String, Object> toWire() {
        return MethodWire.extend(super.toWire(), "pod", this.pod, "container", this.container, "namespace",
                this.namespace, "kubectlPath", this.kubectlPath, "kubectlArgs", this.kubectlArgs);
    }

    static Builder fromWire(Map<String, Object> wire) {
        return builder().pod(MethodWire.string(wire, "pod"))
                .container(MethodWire.string(wire, "container"))
                .namespace(MethodWire.string(wire, "namespace"))
                .kubectlPath(MethodWire.string(wire, "kubectlPath"))
                .kubectlArgs(MethodWire.strings(wire, "kubectlArgs"));
    }

    /** Builds {@link KubectlOptions}. */
    public static final class Builder extends ContainerOptions.Builder<Builder> {

        private String pod;

        private String container;

        private String namespace;

        private String kubectlPath = "kubectl";

        private final List<String> kubectlArgs = new ArrayList<>();

        private Builder() {
        }

        /** The pod to enter. */
        public Builder pod(String pod) {
            this.pod = pod;
            return this;
        }

        /** The container in the pod ({@code --container}); default: the pod's default container. */
        public Builder container(String container) {
            this.container = container;
            return this;
        }

        /** The namespace ({@code --namespace}); default: the kubectl context's. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** The {@code kubectl} to run (default {@code kubectl}, found on the PATH). */
        public Builder kubectlPath(String kubectlPath) {
            this.kubectlPath = kubectlPath;
            return this;
        }

        /** Extra arguments placed before {@code exec}, e.g. {@code --context=prod}. */
        public Builder kubectlArgs(String... kubectlArgs) {
            return kubectlArgs(Arrays.asList(kubectlArgs));
        }

        /** Extra arguments placed before {@code exec}. */
        public Builder kubectlArgs(List<String> kubectlArgs) {
            this.kubectlArgs.clear();
            this.kubectlArgs.addAll(kubectlArgs);
            return this;
        }

        /** The options; throws {@link InvalidOptionsException} naming any bad value. */
        public KubectlOptions build() {
            return new KubectlOptions(this);
        }

        @Override
        protected Builder self() {
            return this;
        }
    }
}
