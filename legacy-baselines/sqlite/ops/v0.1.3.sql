-- ops database as created by release 0.1.3 (sqlite); see ../../README.md
create table `audit_log` (`id` text not null primary key, `actor` text not null, `action` text not null, `target` text null, `detail` text null, `created_at` datetime not null);

create table `prompt_template` (`id` text not null primary key, `name` text not null, `content` text not null, `variables` text null, `created_at` datetime not null, `updated_at` datetime not null, `category` text null);
