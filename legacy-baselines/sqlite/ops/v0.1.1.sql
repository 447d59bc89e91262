-- ops database as created by release 0.1.1 (sqlite); see ../../README.md
create table `prompt_template` (`id` text not null primary key, `name` text not null, `content` text not null, `variables` text null, `created_at` datetime not null, `updated_at` datetime not null);
