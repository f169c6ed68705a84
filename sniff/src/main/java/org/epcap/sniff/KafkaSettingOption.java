package org.epcap.sniff;

import java.util.Map;
import java.util.Set;
import java.util.Stack;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code -X NAME=VALUE}: a Kafka client setting, as kcat and Metron's pycapa take them. sniff's
 * {@code -X} is also tcpdump's hex-and-ASCII flag, which takes no value: {@code -X} followed by
 * {@code NAME=VALUE} whose NAME is a producer or consumer setting is a setting, anything else
 * (a filter word such as {@code len=100}, another flag) leaves {@code -X} the dump flag.
 */
public final class KafkaSettingOption implements IParameterPreprocessor {
    /** Loaded at the first {@code -X NAME=VALUE}: the client's configuration classes take time to load. */
    private static final class Names {
        static final Set<String> ALL = new TreeSet<>();

        static {
            ALL.addAll(ProducerConfig.configNames());
            ALL.addAll(ConsumerConfig.configNames());
        }
    }

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
        if (args.isEmpty()) return false;
        String next = args.peek();
        int eq = next.indexOf('=');
        if (eq <= 0 || !Names.ALL.contains(next.substring(0, eq))) return false;
        args.pop();
        ((SniffCommand) commandSpec.userObject()).kafkaSettings.put(next.substring(0, eq), next.substring(eq + 1));
        return true;
    }
}
