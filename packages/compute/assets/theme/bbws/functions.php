<?php
/* WordPress prints the <title> from the site title once the theme declares support for it. */
add_action('after_setup_theme', function () {
    add_theme_support('title-tag');
    add_theme_support('automatic-feed-links');
});
add_action('wp_enqueue_scripts', function () {
    wp_enqueue_style('bbws', get_stylesheet_uri(), [], '1.0.0');
});
