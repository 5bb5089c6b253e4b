from django.urls import reverse


def test_admin_lists_are_read_only(client, world, scenario):
    client.force_login(world.root_user)
    for name in ["enterprises_enterprise", "enterprises_locality", "enterprises_industrialzone",
                 "enterprises_steeringcommittee", "enterprises_massorganization"]:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert client.get(reverse("admin:enterprises_enterprise_add")).status_code == 403
