package io.mitogen.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A fleet inspector: the hosts in {@code application.yml} are started as child JVMs (on this
 * machine, one through another) and answer calls made from the REST endpoints.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

}
